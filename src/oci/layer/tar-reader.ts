import { Writable } from 'node:stream'
import {
  BLOCK,
  decodeHeader,
  decodeLongName,
  decodePax,
  TarFormatError,
  typeName,
  type RawHeader,
} from './tar-header.js'

/** One tar entry's header after pax and GNU long-name records are applied. */
export interface TarEntryHeader {
  readonly name: string
  /** 'file', 'directory', 'symlink', 'link', ... ('unknown' for types Bulwark does not know). */
  readonly type: string
  readonly mode: number
  readonly uid: number
  readonly gid: number
  /** Body size in bytes (0 for header-only types, whatever their header says, as Go's archive/tar reads them). */
  readonly size: number
  readonly linkname: string
}

/**
 * Called once per entry with a function that reads the whole body. `readBody` must be called
 * before the returned promise settles; a body nobody asked for is skipped without copying.
 */
export type TarVisitor = (header: TarEntryHeader, readBody: () => Promise<Buffer>) => void | Promise<void>

const EMPTY = Buffer.alloc(0)
/** Largest pax or GNU long-name record body accepted. */
const MAX_META = 1024 * 1024
// Header-only types: their size field is ignored (Go's archive/tar isHeaderOnlyType).
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6'])

type State = 'header' | 'meta' | 'body' | 'pad' | 'end'

/**
 * A streaming tar reader written for the layer walk: headers are parsed straight out of the
 * decoder's chunks, bodies nobody reads are skipped by arithmetic, and a body inside one chunk is
 * handed out as a view of it (the decoder never writes a chunk again). A visitor that returns a
 * promise holds the stream (backpressure) until it settles, except for the body it asked for.
 */
export class TarReader extends Writable {
  /** Error thrown or rejected by the visitor (as opposed to a malformed archive). */
  visitorError: unknown
  private state: State = 'header'
  private readonly hdr = Buffer.alloc(BLOCK)
  private hdrFill = 0
  private left = 0
  private pad = 0
  // The current meta record ('x', 'g', 'L', 'K') being collected.
  private metaType = ''
  private meta: Buffer = EMPTY
  private metaFill = 0
  private pax: Map<string, string> | undefined
  private readonly globalPax = new Map<string, string>()
  private longName: string | undefined
  private longLink: string | undefined
  // The body being collected for the visitor.
  private want: { out: Buffer | undefined; fill: number; size: number; resolve: (b: Buffer) => void } | undefined
  private pending = false
  private chunk: Buffer | undefined
  private pos = 0
  private cb: ((err?: Error | null) => void) | undefined
  private finalCb: ((err?: Error | null) => void) | undefined

  constructor(private readonly visit: TarVisitor) {
    super({ highWaterMark: 1024 * 1024 })
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunk = chunk
    this.pos = 0
    this.cb = cb
    this.run()
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.pending) {
      this.finalCb = cb
      return
    }
    this.finish(cb)
  }

  private finish(cb: (err?: Error | null) => void): void {
    if (this.state === 'end' || (this.state === 'header' && this.hdrFill === 0)) return cb()
    cb(new TarFormatError('unexpected end of tar data'))
  }

  private fail(err: unknown): void {
    const cb = this.cb ?? this.finalCb
    this.cb = undefined
    this.finalCb = undefined
    this.chunk = undefined
    const e = err instanceof Error ? err : new Error(String(err))
    if (cb) cb(e)
    else this.destroy(e)
  }

  /** Works through the held chunk until it is used up or the visitor holds the stream. */
  private run(): void {
    try {
      for (;;) {
        const chunk = this.chunk
        if (!chunk) return
        if (this.pending && !(this.state === 'body' && this.want)) return
        if (this.pos >= chunk.length) {
          const cb = this.cb
          this.chunk = undefined
          this.cb = undefined
          cb?.()
          return
        }
        this.step(chunk)
      }
    } catch (err) {
      this.fail(err)
    }
  }

  private step(chunk: Buffer): void {
    const avail = chunk.length - this.pos
    switch (this.state) {
      case 'end':
        this.pos = chunk.length
        return
      case 'pad':
      case 'body': {
        const n = Math.min(avail, this.left)
        if (this.state === 'body' && this.want) this.feed(chunk, n)
        this.pos += n
        this.left -= n
        if (this.left === 0) this.endPart()
        return
      }
      case 'meta': {
        const n = Math.min(avail, this.left)
        chunk.copy(this.meta, this.metaFill, this.pos, this.pos + n)
        this.metaFill += n
        this.pos += n
        this.left -= n
        if (this.left === 0) this.endMeta()
        return
      }
      case 'header': {
        if (this.hdrFill === 0 && avail >= BLOCK) {
          const at = this.pos
          this.pos += BLOCK
          this.onHeader(decodeHeader(chunk, at))
          return
        }
        const n = Math.min(avail, BLOCK - this.hdrFill)
        chunk.copy(this.hdr, this.hdrFill, this.pos, this.pos + n)
        this.hdrFill += n
        this.pos += n
        if (this.hdrFill === BLOCK) {
          this.hdrFill = 0
          this.onHeader(decodeHeader(this.hdr, 0))
        }
      }
    }
  }

  /** Copies `n` bytes of body at the current offset to the visitor's buffer (or hands out a view). */
  private feed(chunk: Buffer, n: number): void {
    const w = this.want
    if (!w) return
    if (!w.out && n === w.size) {
      this.want = undefined
      w.resolve(chunk.subarray(this.pos, this.pos + n))
      return
    }
    w.out ??= Buffer.allocUnsafe(w.size)
    chunk.copy(w.out, w.fill, this.pos, this.pos + n)
    w.fill += n
    if (w.fill === w.size) {
      this.want = undefined
      w.resolve(w.out)
    }
  }

  /** A body or its padding is done: padding next, then the next header. */
  private endPart(): void {
    if (this.state === 'body' && this.pad > 0) {
      this.state = 'pad'
      this.left = this.pad
      this.pad = 0
      return
    }
    this.state = 'header'
  }

  private onHeader(raw: RawHeader | undefined): void {
    if (!raw) {
      // The end-of-archive marker; what follows is not part of the filesystem.
      this.state = 'end'
      return
    }
    if (raw.type === 'x' || raw.type === 'g' || raw.type === 'L' || raw.type === 'K') {
      if (raw.size > MAX_META) throw new TarFormatError(`tar '${raw.type}' record of ${raw.size} bytes is too large`)
      this.metaType = raw.type
      this.meta = Buffer.alloc(raw.size)
      this.metaFill = 0
      this.left = raw.size
      this.pad = (BLOCK - (raw.size % BLOCK)) % BLOCK
      this.state = 'meta'
      if (raw.size === 0) this.endMeta()
      return
    }
    this.onEntry(this.resolveHeader(raw))
  }

  private endMeta(): void {
    const body = this.meta
    this.meta = EMPTY
    if (this.metaType === 'x') this.pax = decodePax(body)
    else if (this.metaType === 'g') for (const [k, v] of decodePax(body)) this.globalPax.set(k, v)
    else if (this.metaType === 'L') this.longName = decodeLongName(body)
    else this.longLink = decodeLongName(body)
    this.state = 'pad'
    this.left = this.pad
    this.pad = 0
    if (this.left === 0) this.state = 'header'
  }

  private resolveHeader(raw: RawHeader): TarEntryHeader {
    const pax = this.pax
    const get = (k: string): string | undefined => pax?.get(k) ?? this.globalPax.get(k)
    const int = (k: string, fallback: number): number => {
      const v = get(k)
      if (v === undefined) return fallback
      const n = Number(v)
      if (!Number.isSafeInteger(n) || n < 0) throw new TarFormatError(`pax ${k} is not a number: ${v.slice(0, 40)}`)
      return n
    }
    const h: TarEntryHeader = {
      name: get('path') ?? this.longName ?? raw.name,
      type: typeName(raw.type),
      mode: raw.mode,
      uid: int('uid', raw.uid),
      gid: int('gid', raw.gid),
      size: HEADER_ONLY.has(raw.type) ? 0 : int('size', raw.size),
      linkname: get('linkpath') ?? this.longLink ?? raw.linkname,
    }
    this.pax = undefined
    this.longName = undefined
    this.longLink = undefined
    return h
  }

  private onEntry(h: TarEntryHeader): void {
    this.left = h.size
    this.pad = (BLOCK - (h.size % BLOCK)) % BLOCK
    this.state = 'body'
    let asked = false
    const readBody = (): Promise<Buffer> => {
      if (asked) throw new Error(`tar body of ${h.name} read twice`)
      asked = true
      if (h.size === 0) return Promise.resolve(EMPTY)
      if (this.state !== 'body' || this.left !== h.size)
        return Promise.reject(new Error(`tar body of ${h.name} read after the walk moved on`))
      return new Promise<Buffer>((resolve) => {
        this.want = { out: undefined, fill: 0, size: h.size, resolve }
        if (this.pending) queueMicrotask(() => this.run())
      })
    }
    let r: void | Promise<void>
    try {
      r = this.visit(h, readBody)
    } catch (err) {
      this.visitorError = err
      throw err
    }
    if (h.size === 0) this.endPart()
    if (r && typeof r.then === 'function') {
      this.pending = true
      r.then(
        () => this.settled(),
        (err: unknown) => {
          this.visitorError = err
          this.pending = false
          this.fail(err)
        },
      )
    }
  }

  private settled(): void {
    // A body the visitor asked for but did not wait on is still collected before the walk moves on.
    this.pending = false
    const fin = this.finalCb
    if (fin) {
      this.finalCb = undefined
      this.finish(fin)
      return
    }
    this.run()
  }
}
