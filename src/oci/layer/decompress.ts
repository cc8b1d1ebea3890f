import { Duplex } from 'node:stream'
import type { Transform } from 'node:stream'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { Decompress } from 'fzstd'

/** Compression of a layer blob, told by its first bytes (never by its media type, which may lie). */
export type Compression = 'gzip' | 'zstd' | 'none'

/** 1 MiB: measured faster than `gzip -dc` here (LAB-NOTES.md). */
export const STREAM_CHUNK = 1024 * 1024

// ref: https://www.rfc-editor.org/rfc/rfc1952 (gzip magic 1f 8b), https://www.rfc-editor.org/rfc/rfc8878 (zstd 28 b5 2f fd)
/** Detects gzip or zstd from magic bytes; anything else is taken as a plain tar. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
  if (
    head.length >= 4 &&
    head[0] === 0x28 &&
    head[1] === 0xb5 &&
    head[2] === 0x2f &&
    head[3] === 0xfd
  ) {
    return 'zstd'
  }
  return 'none'
}

/**
 * Reads at least `n` bytes from the head of a stream (fewer at its end) and puts them back,
 * so the stream can be piped from its first byte afterwards.
 */
export function peekStream(source: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let got = 0
    const finish = (): void => {
      cleanup()
      const head = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts)
      if (head.length > 0) source.unshift(head)
      resolve(head)
    }
    const onReadable = (): void => {
      let chunk: Buffer | null
      while (got < n && (chunk = source.read() as Buffer | null) !== null) {
        parts.push(chunk)
        got += chunk.length
      }
      if (got >= n) finish()
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(err)
    }
    const cleanup = (): void => {
      source.off('readable', onReadable)
      source.off('end', finish)
      source.off('error', onError)
    }
    source.on('readable', onReadable)
    source.on('end', finish)
    source.on('error', onError)
  })
}

// Small input slices bound the output of one push: a zstd RLE block turns 4 bytes into 128 KiB.
const ZSTD_SLICE = 2048

/** A streaming zstd decoder (fzstd) that honours backpressure between input slices. */
class ZstdDecoder extends Duplex {
  private readonly z: Decompress
  private pending: Buffer | undefined
  private offset = 0
  private pendingCb: ((err?: Error | null) => void) | undefined
  private blocked = false

  constructor(Z: typeof Decompress) {
    super({ readableHighWaterMark: STREAM_CHUNK })
    this.z = new Z((data) => {
      if (data.length > 0 && !this.push(Buffer.from(data.buffer, data.byteOffset, data.length))) {
        this.blocked = true
      }
    })
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.pending = chunk
    this.offset = 0
    this.pendingCb = cb
    this.pump()
  }

  override _read(): void {
    this.blocked = false
    if (this.pending) this.pump()
  }

  override _final(cb: (err?: Error | null) => void): void {
    try {
      this.z.push(new Uint8Array(0), true)
      this.push(null)
      cb()
    } catch (err) {
      cb(err instanceof Error ? err : new Error(String(err)))
    }
  }

  private pump(): void {
    const chunk = this.pending
    if (!chunk) return
    try {
      while (this.offset < chunk.length && !this.blocked) {
        const end = Math.min(this.offset + ZSTD_SLICE, chunk.length)
        this.z.push(chunk.subarray(this.offset, end))
        this.offset = end
      }
    } catch (err) {
      this.pending = undefined
      const cb = this.pendingCb
      this.pendingCb = undefined
      cb?.(err instanceof Error ? err : new Error(String(err)))
      return
    }
    if (this.offset >= chunk.length) {
      this.pending = undefined
      const cb = this.pendingCb
      this.pendingCb = undefined
      cb?.()
    }
  }
}

/**
 * A stream decoding `compression` (a pass-through for plain tars is not created: returns
 * undefined). The zstd decoder's module is loaded only when a zstd layer is met.
 */
export async function createDecoder(compression: Compression): Promise<Duplex | Transform | undefined> {
  if (compression === 'gzip') return createGunzip({ chunkSize: STREAM_CHUNK })
  if (compression === 'zstd') return new ZstdDecoder((await import('fzstd')).Decompress)
  return undefined
}
