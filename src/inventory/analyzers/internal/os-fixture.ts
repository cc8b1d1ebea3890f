import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileInput } from '../../analyzer.js'

/**
 * A FileInput over a file of a testdata root that mirrors real paths: the OS analyzers'
 * tests hand their parsers exactly what the inventory engine would.
 */
export async function fixtureFile(root: string, path: string): Promise<FileInput> {
  const full = join(root, path)
  const st = await stat(full)
  return { path, size: st.size, mode: st.mode, read: () => readFile(full) }
}

/** A FileInput over bytes in memory, for hostile-input tests. */
export function bufferFile(path: string, data: Buffer | string): FileInput {
  const buf = typeof data === 'string' ? Buffer.from(data) : data
  return { path, size: buf.length, mode: 0o100644, read: () => Promise.resolve(buf) }
}
