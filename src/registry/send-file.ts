import type { FileHandle } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'

// Blob bodies are copied file -> socket through a few reused large buffers instead of a read
// stream: a stream allocates a fresh buffer per read, and on a 50 MB layer the garbage
// collector's cost of those buffers was larger than the copying itself (node --cpu-prof).
const CHUNK = 2 * 1024 * 1024
const POOL_MAX = 8
const pool: Buffer[] = []

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK)
}

function giveBack(buf: Buffer): void {
  if (pool.length < POOL_MAX) pool.push(buf)
}

/** Writes `chunk` and resolves once the socket no longer needs it (so its buffer can be reused). */
function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.destroyed) {
      reject(new Error('client went away'))
      return
    }
    res.write(chunk, (err) => (err ? reject(err) : resolve()))
  })
}

/**
 * Copies bytes `start..end` (inclusive) of an open file to `res`, double-buffered: the next
 * chunk is read while the previous one is being written. Closes neither the file nor `res`.
 * Rejects when the client goes away or the file is shorter than expected.
 */
export async function sendFileRange(fh: FileHandle, res: ServerResponse, start: number, end: number): Promise<void> {
  let pos = start
  let pending: Promise<void> | undefined
  let pendingBuf: Buffer | undefined
  const spare: Buffer[] = [takeBuffer(), takeBuffer()]
  try {
    while (pos <= end) {
      const buf = spare.pop()!
      const want = Math.min(CHUNK, end - pos + 1)
      const { bytesRead } = await fh.read(buf, 0, want, pos)
      if (bytesRead === 0) {
        spare.push(buf)
        throw new Error(`file ended at ${pos}, expected ${end + 1} bytes`)
      }
      pos += bytesRead
      if (pending) {
        await pending
        spare.push(pendingBuf!)
      }
      pending = writeChunk(res, buf.subarray(0, bytesRead))
      pending.catch(() => undefined) // observed by the next await; never an unhandled rejection
      pendingBuf = buf
    }
    if (pending) {
      await pending
      spare.push(pendingBuf!)
      pending = undefined
    }
  } finally {
    // A buffer still owned by an unfinished write is dropped, never reused.
    for (const b of spare) giveBack(b)
  }
}
