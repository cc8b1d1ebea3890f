import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../core/index.js'

/** Turns a file-system error on the data dir into a message an operator can act on. */
export function dataDirError(dir: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException | null)?.code
  const why =
    code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'DB_FULL'
      ? 'the disk is full'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'DB_READONLY' || code?.startsWith('SQLITE_READONLY')
        ? 'it is read-only or not writable by this user'
        : `it cannot be used (${code ?? String(err)})`
  return new UserError('CONFIG_INVALID', `data directory ${dir}: ${why}`, { cause: err })
}

/** Creates the data dir (and blobs/ in it) and proves it writable with a small probe file. */
export async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    // Probe before mkdir blobs/: recursive mkdir on a read-only mount reports ENOENT, not EROFS.
    const probe = join(dir, `.probe-${process.pid}`)
    await writeFile(probe, Buffer.alloc(4096))
    await rm(probe)
    await mkdir(join(dir, 'blobs'), { recursive: true })
  } catch (err) {
    throw dataDirError(dir, err)
  }
}
