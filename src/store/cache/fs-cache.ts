import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256Digest, type ResultCache } from '../../core/index.js'

/**
 * A ResultCache in a directory: one file per key, written to a temp name and renamed so a
 * crash never leaves a partial entry visible.
 */
export class FsResultCache implements ResultCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    // Keys hold ':' and '/'; hashing gives a flat, safe name of fixed length.
    return join(this.dir, `${sha256Digest(key).slice(7)}.json`)
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(key), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  async set(key: string, value: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const target = this.file(key)
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`
    await writeFile(tmp, value)
    await rename(tmp, target)
  }
}
