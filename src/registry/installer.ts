import { mkdir, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'

/** fdatasyncs a file or directory. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r')
  try {
    await fh.datasync()
  } finally {
    await fh.close()
  }
}

/**
 * Moves files whose bytes are already synced into their final place. The rename is atomic, so
 * a crash never shows a partial file under its final name; the new NAME becomes durable when its
 * directory is fsynced, which `syncDirs` does for every directory touched since the last call.
 * The registry calls it once per manifest push, before the manifest is recorded, instead of once
 * per blob: a recorded manifest implies durable blobs, and a push of N blobs pays one round of
 * directory syncs (one journal commit on ext4) instead of N.
 */
export class Installer {
  /** Directories known to exist, so installing skips the mkdir. */
  private readonly known = new Set<string>()
  private readonly unsynced = new Set<string>()
  private inflight: Promise<void> = Promise.resolve()

  /** Renames `tmp` to `target`, creating `target`'s directory when needed. */
  async install(tmp: string, target: string): Promise<void> {
    const dir = dirname(target)
    if (!this.known.has(dir)) {
      await mkdir(dir, { recursive: true })
      this.known.add(dir)
    }
    try {
      await rename(tmp, target)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      // The directory may have been removed behind our back: make it again and retry once.
      await mkdir(dir, { recursive: true })
      await rename(tmp, target)
    }
    this.unsynced.add(dir)
  }

  /**
   * Makes every rename so far durable: fsyncs the directories touched since the last call, and
   * waits for syncs other callers started. A failed sync leaves its directories pending.
   */
  async syncDirs(): Promise<void> {
    const dirs = [...this.unsynced]
    this.unsynced.clear()
    const mine = Promise.all(dirs.map((d) => fsyncPath(d))).then(
      () => undefined,
      (err: unknown) => {
        for (const d of dirs) this.unsynced.add(d)
        throw err
      },
    )
    const all = Promise.all([this.inflight, mine]).then(() => undefined)
    this.inflight = all
    // Once settled, later callers need not wait on (or fail with) this round.
    const reset = (): void => {
      if (this.inflight === all) this.inflight = Promise.resolve()
    }
    all.then(reset, reset)
    await all
  }

  /** Directories renamed into and not yet synced (tests). */
  get pending(): number {
    return this.unsynced.size
  }
}
