import type { FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'

/** Socket chunks (64 KiB) are gathered into writes of this size: one thread-pool trip each. */
const BATCH = 2 * 1024 * 1024
/**
 * After this many bytes are written a background fdatasync is started (one at a time), so the
 * blob's writeback overlaps the transfer and the fsync at commit finds little left to flush.
 * The same idea as RocksDB's bytes_per_sync or PostgreSQL's backend_flush_after.
 */
const SYNC_EVERY = 8 * 1024 * 1024

async function writeAll(fh: FileHandle, buffers: Buffer[], total: number): Promise<void> {
  let left = buffers
  let remaining = total
  for (;;) {
    const { bytesWritten } = await fh.writev(left)
    remaining -= bytesWritten
    if (remaining <= 0) return
    if (bytesWritten === 0) throw new Error('short write: no bytes written')
    // A short write (rare on regular files): continue after the bytes that made it.
    let skip = bytesWritten
    const rest: Buffer[] = []
    for (const b of left) {
      if (skip >= b.length) skip -= b.length
      else {
        rest.push(skip > 0 ? b.subarray(skip) : b)
        skip = 0
      }
    }
    left = rest
  }
}

/**
 * Appends `body` to the open file `fh`, calling `onChunk` on every chunk before it is written
 * (hashing, size limits: a throw there stops the copy). Reading waits while a batch is being
 * written and the next one is full, so a fast client is held back by TCP, not by memory.
 * Resolves once every byte is written; a failed background sync fails the copy, because a
 * later fsync on a new descriptor would not report it. Does not close `fh`.
 */
export async function appendBody(fh: FileHandle, body: Readable, onChunk: (chunk: Buffer) => void): Promise<void> {
  let batch: Buffer[] = []
  let batchBytes = 0
  let writing: Promise<void> | undefined
  let syncing: Promise<void> | undefined
  let syncError: unknown
  let unsynced = 0

  const flush = async (): Promise<void> => {
    if (writing) await writing
    if (syncError !== undefined) throw syncError
    const buffers = batch
    const bytes = batchBytes
    batch = []
    batchBytes = 0
    writing = writeAll(fh, buffers, bytes).then(() => {
      unsynced += bytes
      if (unsynced >= SYNC_EVERY && syncing === undefined) {
        unsynced = 0
        syncing = fh.datasync().then(
          () => (syncing = undefined),
          (err: unknown) => {
            syncError = err
            syncing = undefined
          },
        )
      }
    })
    writing.catch(() => undefined) // awaited by the next flush or at the end
  }

  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer
      onChunk(buf)
      batch.push(buf)
      batchBytes += buf.length
      if (batchBytes >= BATCH) await flush()
    }
    if (batchBytes > 0) await flush()
  } finally {
    // Never leave an operation running on `fh`: the caller closes it next.
    await writing?.catch(() => undefined)
    await syncing
  }
  await writing
  if (syncError !== undefined) throw syncError
}
