import { lstat, readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import yauzl from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'
import { AdvisoryError } from '../../core/index.js'
import { MAX_RECORD_BYTES } from '../osv/schema.js'
import { inflateEntry, listZipEntries } from './zip-entry.js'

/** One file read from a source: its text, or why it could not be read. */
export type SourceEntry =
  | { readonly name: string; readonly text: string }
  | { readonly name: string; readonly error: string }

/** Reads every `*.json` file under a directory (sorted, symlinks not followed). */
export async function* readDirectoryEntries(root: string): AsyncGenerator<SourceEntry> {
  const stack = [root]
  while (stack.length > 0) {
    const dir = stack.pop() as string
    const items = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? 1 : -1,
    )
    for (const item of items) {
      const path = join(dir, item.name)
      if (item.isDirectory()) stack.push(path)
      if (!item.isFile() || !item.name.endsWith('.json')) continue
      const name = relative(root, path)
      const info = await lstat(path)
      if (info.size > MAX_RECORD_BYTES) {
        yield { name, error: 'record larger than 8 MiB' }
        continue
      }
      yield { name, text: await readFile(path, 'utf8') }
    }
  }
}

// ref: https://github.com/thejoshwolfe/yauzl#readme (lazyEntries, validateEntrySizes)
/** Reads every `*.json` entry of a zip archive (the OSV per-ecosystem all.zip). */
export async function* readZipEntries(path: string): AsyncGenerator<SourceEntry> {
  const fast = await readInMemory(path)
  if (fast) {
    yield* fast
    return
  }
  const { zip } = await openZip(path)
  try {
    for (;;) {
      const entry = await nextEntry(zip, path)
      if (!entry) return
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        yield { name: entry.fileName, error: 'record larger than 8 MiB' }
        continue
      }
      yield { name: entry.fileName, text: await readEntry(zip, entry, path) }
    }
  } finally {
    zip.close()
  }
}

function corrupt(path: string, err: unknown): AdvisoryError {
  return new AdvisoryError('ARCHIVE_CORRUPT', `corrupt zip archive ${path}: ${String(err)}`, {
    cause: err,
  })
}

/** Archives up to this size are read into memory: per-entry file reads cost ~1 ms each otherwise. */
const IN_MEMORY_MAX = 1024 ** 3

/** The entries of an archive small enough to hold in memory (not zip64), read synchronously. */
async function readInMemory(path: string): Promise<SourceEntry[] | Generator<SourceEntry> | undefined> {
  if ((await stat(path)).size > IN_MEMORY_MAX) return undefined
  const data = await readFile(path)
  const entries = listZipEntries(data, path)
  if (!entries) return undefined
  return (function* () {
    for (const e of entries) {
      if (e.fileName.endsWith('/') || !e.fileName.endsWith('.json')) continue
      if (e.uncompressedSize > MAX_RECORD_BYTES) yield { name: e.fileName, error: 'record larger than 8 MiB' }
      else yield { name: e.fileName, text: inflateEntry(data, e, path) }
    }
  })()
}

async function openZip(path: string): Promise<{ zip: ZipFile }> {
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }
  return new Promise((resolve, reject) => {
    yauzl.open(path, options, (err, zip) => (err || !zip ? reject(corrupt(path, err)) : resolve({ zip })))
  })
}

function nextEntry(zip: ZipFile, path: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: Entry): void => {
      cleanup()
      resolve(e)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(undefined)
    }
    const onError = (err: unknown): void => {
      cleanup()
      reject(corrupt(path, err))
    }
    const cleanup = (): void => {
      zip.off('entry', onEntry)
      zip.off('end', onEnd)
      zip.off('error', onError)
    }
    zip.on('entry', onEntry)
    zip.on('end', onEnd)
    zip.on('error', onError)
    zip.readEntry()
  })
}

function readEntry(zip: ZipFile, entry: Entry, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(corrupt(path, err))
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('error', (e) => reject(corrupt(path, e)))
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    })
  })
}
