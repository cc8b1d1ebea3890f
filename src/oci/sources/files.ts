import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { ImageError } from '../../core/index.js'
import { STREAM_CHUNK } from '../layer/decompress.js'
import { openTarMember, readTarMember } from './tar-index.js'
import type { TarMember } from './tar-index.js'

/** Read access to the files of a layout, whether a directory or an indexed tar. */
export interface LayoutFiles {
  /** Reads a small file whole; undefined when it does not exist; SIZE_LIMIT above `max`. */
  read(path: string, max: number, what: string): Promise<Buffer | undefined>
  /** Opens a file for streaming; undefined when it does not exist. */
  open(path: string): Promise<Readable | undefined>
  /** Size of a file, undefined when it does not exist. */
  size(path: string): Promise<number | undefined>
}

/** Files of a directory. Callers pass paths built from digests or fixed names only. */
export function dirFiles(root: string, image: string): LayoutFiles {
  return {
    async read(path, max, what) {
      const fh = await open(join(root, path), 'r').catch(() => undefined)
      if (!fh) return undefined
      try {
        const { size } = await fh.stat()
        if (size > max)
          throw new ImageError(
            'SIZE_LIMIT',
            `${image}: ${what} is ${size} bytes, over the ${max}-byte limit`,
          )
        const buf = Buffer.alloc(size)
        const { bytesRead } = await fh.read(buf, 0, size, 0)
        return buf.subarray(0, bytesRead)
      } finally {
        await fh.close()
      }
    },
    async open(path) {
      const st = await stat(join(root, path)).catch(() => undefined)
      if (!st?.isFile()) return undefined
      return createReadStream(join(root, path), { highWaterMark: STREAM_CHUNK })
    },
    async size(path) {
      const st = await stat(join(root, path)).catch(() => undefined)
      return st?.isFile() ? st.size : undefined
    },
  }
}

/** Files of an uncompressed tar, read by offset from its index (nothing is extracted). */
export function tarFiles(
  file: string,
  members: ReadonlyMap<string, TarMember>,
  image: string,
): LayoutFiles {
  return {
    async read(path, max, what) {
      const m = members.get(path)
      return m ? readTarMember(file, m, max, image, what) : undefined
    },
    async open(path) {
      const m = members.get(path)
      return m ? openTarMember(file, m) : undefined
    },
    async size(path) {
      return members.get(path)?.size
    },
  }
}
