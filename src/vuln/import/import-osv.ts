import { stat, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AdvisoryError,
  baseEcosystem,
  type Advisory,
  type AdvisoryStore,
} from '../../core/index.js'
import { parseOsvRecord } from '../osv/schema.js'
import { fetchArchive, type FetchOptions } from './fetch-archive.js'
import { readDirectoryEntries, readZipEntries, type SourceEntry } from './read-entries.js'

/** Where OSV records come from: a directory of JSON files, a zip archive, or an archive URL. */
export type OsvSource =
  | { readonly kind: 'dir'; readonly path: string; readonly name?: string }
  | { readonly kind: 'zip'; readonly path: string; readonly name?: string }
  | { readonly kind: 'url'; readonly url: string; readonly name?: string }

/** Options of one import. */
export interface ImportOptions extends FetchOptions {
  /** Base OSV ecosystems to keep ("npm", "Debian"); records affecting none of them are skipped. */
  readonly ecosystems?: readonly string[]
  /** Directory for downloads (default: the system temp directory). */
  readonly tempDir?: string
}

/** A record that was skipped and why. */
export interface ImportProblem {
  readonly entry: string
  readonly reason: string
}

/** What one import did. Problems are data: a bad record never stops an import. */
export interface ImportReport {
  readonly source: string
  readonly status: 'imported' | 'not-modified'
  readonly imported: number
  /** Records that failed validation or could not be read. */
  readonly skipped: number
  /** Valid records outside the requested ecosystems. */
  readonly filtered: number
  /** The first problems (at most 100) with their reasons. */
  readonly problems: readonly ImportProblem[]
}

const MAX_PROBLEMS = 100

/** Turns a path or URL into a source: http(s) URLs fetch, directories walk, files unzip. */
export async function toOsvSource(spec: string): Promise<OsvSource> {
  if (/^https?:\/\//i.test(spec)) return { kind: 'url', url: spec }
  const info = await stat(spec).catch(() => undefined)
  if (!info) throw new AdvisoryError('SOURCE_INVALID', `no such advisory source: ${spec}`)
  return info.isDirectory() ? { kind: 'dir', path: spec } : { kind: 'zip', path: spec }
}

/** The stable name a source's records are filed under (its URL or path unless named). */
export function sourceName(source: OsvSource): string {
  return source.name ?? (source.kind === 'url' ? source.url : source.path)
}

/**
 * Imports OSV records into the store in one transaction, replacing what the same source
 * imported before. A URL is fetched conditionally (ETag / Last-Modified): when the archive is
 * unchanged nothing is downloaded or written. A corrupt archive rolls the source back and throws.
 */
export async function importOsv(
  spec: string | OsvSource,
  store: AdvisoryStore,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const source = typeof spec === 'string' ? await toOsvSource(spec) : spec
  const name = sourceName(source)
  if (source.kind !== 'url') {
    const entries = source.kind === 'dir' ? readDirectoryEntries(source.path) : readZipEntries(source.path)
    return load(name, entries, store, options, {})
  }
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'bulwark-osv-'))
  try {
    const previous = await store.source(name)
    const fetched = await fetchArchive(source.url, join(dir, 'all.zip'), previous, options)
    if (fetched.status === 'not-modified') {
      return { source: name, status: 'not-modified', imported: 0, skipped: 0, filtered: 0, problems: [] }
    }
    const meta = {
      url: source.url,
      ...(fetched.etag ? { etag: fetched.etag } : {}),
      ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    }
    return await load(name, readZipEntries(fetched.path), store, options, meta)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function load(
  name: string,
  entries: AsyncIterable<SourceEntry>,
  store: AdvisoryStore,
  options: ImportOptions,
  meta: { url?: string; etag?: string; lastModified?: string },
): Promise<ImportReport> {
  const keep = options.ecosystems ? new Set(options.ecosystems) : undefined
  const problems: ImportProblem[] = []
  let skipped = 0
  let filtered = 0
  const tx = store.beginImport(name)
  try {
    for await (const entry of entries) {
      const parsed = 'error' in entry ? { ok: false as const, reason: entry.error } : parseOsvRecord(entry.text)
      if (!parsed.ok) {
        skipped++
        if (problems.length < MAX_PROBLEMS) problems.push({ entry: entry.name, reason: parsed.reason })
        continue
      }
      if (keep && !affectsAny(parsed.record, keep)) {
        filtered++
        continue
      }
      tx.add(parsed.record, parsed.json)
    }
    const imported = await tx.commit({ ...meta, importedAt: new Date().toISOString() })
    return { source: name, status: 'imported', imported, skipped, filtered, problems }
  } catch (err) {
    tx.rollback()
    throw err
  }
}

function affectsAny(record: Advisory, ecosystems: ReadonlySet<string>): boolean {
  for (const a of record.affected ?? []) {
    if (a.package && ecosystems.has(baseEcosystem(a.package.ecosystem))) return true
  }
  return false
}
