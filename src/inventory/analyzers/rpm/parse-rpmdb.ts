import type { AnalysisResult, FileOwnership, PackageDraft } from '../../analyzer.js'
import { readBdbHash } from './bdb.js'
import { parseRpmHeader } from './header.js'
import { readNdbBlobs } from './ndb.js'
import { readSqliteTable } from './sqlite.js'
import { toRpmEntry } from './to-package.js'

/** Why an error stopped a read, in one line. */
function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The three rpmdb formats: SQLite (rpm >= 4.16), Berkeley DB hash (older), NDB (SUSE). */
export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb'

/**
 * The header blobs of a database: Packages(hnum, blob) in SQLite, hash values in Berkeley DB;
 * plus a warning when the database holds fewer entries than it says.
 */
function blobsOf(buf: Buffer, format: RpmDbFormat): { blobs: Buffer[]; warning?: string } {
  if (format === 'ndb') {
    const read = readNdbBlobs(buf)
    const bad = read.flatMap((b) => ('error' in b ? [`package index ${b.pkgidx}: ${b.error}`] : []))
    const blobs = read.flatMap((b) => ('blob' in b ? [b.blob] : []))
    return bad.length > 0 ? { blobs, warning: bad.join('; ') } : { blobs }
  }
  if (format === 'sqlite') {
    const blobs = readSqliteTable(buf, 'Packages')
      .map((r) => r.values[1])
      .filter((v): v is Buffer => Buffer.isBuffer(v))
    return { blobs }
  }
  const { entries, expected } = readBdbHash(buf)
  // Key 0 holds rpm's next header number (4 bytes), not a header.
  const blobs = entries
    .filter((e) => !(e.key.length === 4 && e.key.readUInt32LE(0) === 0) && e.value.length > 8)
    .map((e) => e.value)
  if (expected === entries.length) return { blobs }
  return {
    blobs,
    warning: `read ${entries.length} of ${expected} database entries (damaged pages)`,
  }
}

/**
 * Parses an rpm database (SQLite rpmdb.sqlite, Berkeley DB Packages, NDB Packages.db): every header becomes
 * a package plus the files it owns. A header that does not parse becomes an unknown; a
 * database that cannot be opened or walked is one unknown for the whole file.
 */
export function parseRpmDatabase(buf: Buffer, path: string, format: RpmDbFormat): AnalysisResult {
  let read: ReturnType<typeof blobsOf>
  try {
    read = blobsOf(buf, format)
  } catch (err) {
    return {
      packages: [],
      unknowns: [{ path, reason: `unreadable rpm ${format} database: ${why(err)}` }],
    }
  }
  const { blobs, warning } = read
  const packages: PackageDraft[] = []
  const ownership: FileOwnership[] = []
  const unknowns: { path: string; reason: string }[] = warning ? [{ path, reason: warning }] : []
  for (const [i, blob] of blobs.entries()) {
    try {
      const entry = toRpmEntry(parseRpmHeader(blob), path)
      if (entry === undefined) continue
      if (typeof entry === 'string') {
        unknowns.push({ path, reason: `header ${i}: ${entry}` })
        continue
      }
      packages.push(entry.draft)
      const { name, arch } = entry.draft
      ownership.push({ type: 'rpm', name, ...(arch ? { arch } : {}), files: entry.files })
    } catch (err) {
      unknowns.push({ path, reason: `header ${i}: ${why(err)}` })
    }
  }
  return { packages, ownership, unknowns }
}
