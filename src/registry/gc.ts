import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { RegistryStore } from '../core/index.js'
import type { BlobStore } from './blob-store.js'

/** What a garbage collection removed. */
export interface GcResult {
  readonly blobsRemoved: number
  readonly bytesFreed: number
  readonly uploadsRemoved: number
}

/** How old something must be before the collector may remove it. */
export interface GcOptions {
  /**
   * A blob newer than this is kept even when unreferenced: it may have just been uploaded and
   * not yet linked, or be waiting for the manifest that references it. Default one hour.
   */
  readonly blobGraceMs?: number
  /** Uploads untouched for this long are abandoned. Default 24 hours. */
  readonly uploadMaxAgeMs?: number
  readonly now?: number
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/**
 * Removes blobs that no manifest references and no repository links (`store.liveBlobs()`),
 * plus stale uploads. Signatures of manifests that no longer exist are left to their owner.
 */
export async function collectGarbage(store: RegistryStore, blobs: BlobStore, opts: GcOptions = {}): Promise<GcResult> {
  const now = opts.now ?? Date.now()
  const grace = opts.blobGraceMs ?? 3_600_000
  const live = await store.liveBlobs()
  let blobsRemoved = 0
  let bytesFreed = 0
  for (const algorithm of ['sha256', 'sha512']) {
    for (const prefix of await entries(join(blobs.root, algorithm))) {
      for (const hex of await entries(join(blobs.root, algorithm, prefix))) {
        if (live.has(`${algorithm}:${hex}`)) continue
        const file = join(blobs.root, algorithm, prefix, hex)
        const st = await stat(file)
        if (now - st.mtimeMs < grace) continue
        await rm(file, { force: true })
        blobs.evict(`${algorithm}:${hex}`)
        blobsRemoved += 1
        bytesFreed += st.size
      }
    }
  }
  const uploadsRemoved = await removeStaleUploads(join(blobs.root, '_uploads'), now - (opts.uploadMaxAgeMs ?? 86_400_000))
  return { blobsRemoved, bytesFreed, uploadsRemoved }
}

async function removeStaleUploads(dir: string, cutoff: number): Promise<number> {
  let removed = 0
  for (const name of await entries(dir)) {
    const file = join(dir, name)
    const st = await stat(file).catch(() => undefined)
    if (!st || st.mtimeMs >= cutoff) continue
    await rm(file, { force: true })
    if (!name.endsWith('.json')) removed += 1
  }
  return removed
}
