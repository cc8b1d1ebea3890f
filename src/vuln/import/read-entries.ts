import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import yauzl from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'
import { AdvisoryError } from '../../core/index.js'
import { MAX_RECORD_BYTES } from '../osv/schema.js'

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
  const zip = await openZip(path)
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

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(corrupt(path, err)) : resolve(zip)),
    )
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
