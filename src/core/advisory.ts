import { AppError } from './errors.js'

// ref: https://ossf.github.io/osv-schema/ — an Advisory is one OSV record as stored and matched.

/** One event of an OSV range: exactly one of the four keys is set. */
export interface AdvisoryEvent {
  readonly introduced?: string
  readonly fixed?: string
  readonly last_affected?: string
  readonly limit?: string
}

/** An OSV range: SEMVER and ECOSYSTEM ranges match packages; GIT ranges name commits only. */
export interface AdvisoryRange {
  readonly type: string
  readonly repo?: string
  readonly events: readonly AdvisoryEvent[]
  readonly database_specific?: Readonly<Record<string, unknown>>
}

/** One affected package of an OSV record. */
export interface AdvisoryAffected {
  readonly package?: { readonly ecosystem: string; readonly name: string; readonly purl?: string }
  readonly ranges?: readonly AdvisoryRange[]
  readonly versions?: readonly string[]
  readonly severity?: readonly AdvisorySeverity[]
  readonly ecosystem_specific?: Readonly<Record<string, unknown>>
  readonly database_specific?: Readonly<Record<string, unknown>>
}

/** A severity entry: type CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu, score a vector or a rating. */
export interface AdvisorySeverity {
  readonly type: string
  readonly score: string
}

/** An OSV record (schema 1.x). Unknown fields are kept in storage but not typed here. */
export interface Advisory {
  readonly id: string
  readonly modified: string
  readonly schema_version?: string
  readonly published?: string
  readonly withdrawn?: string
  readonly aliases?: readonly string[]
  readonly related?: readonly string[]
  readonly upstream?: readonly string[]
  readonly summary?: string
  readonly details?: string
  readonly severity?: readonly AdvisorySeverity[]
  readonly affected?: readonly AdvisoryAffected[]
  readonly references?: readonly { readonly type: string; readonly url: string }[]
  readonly database_specific?: Readonly<Record<string, unknown>>
}

/** The part of an OSV ecosystem before the first colon ("Debian:12" -> "Debian"). */
export function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(':')
  return i < 0 ? ecosystem : ecosystem.slice(0, i)
}

/**
 * The package name as the advisory index keys it, so that a lookup finds what an import stored.
 * PyPI names follow PEP 503 (https://peps.python.org/pep-0503/#normalized-names); NuGet,
 * Packagist and Maven coordinates are case-insensitive; other ecosystems compare exactly.
 *
 * @example normalizePackageName('PyPI', 'Jinja2_Extra') // 'jinja2-extra'
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  switch (baseEcosystem(ecosystem)) {
    case 'PyPI':
      return name.replace(/[-_.]+/g, '-').toLowerCase()
    case 'NuGet':
    case 'Packagist':
    case 'Maven':
      return name.toLowerCase()
    default:
      return name
  }
}

/** What the store knows about one source it imported (conditional-request state included). */
export interface AdvisorySourceMeta {
  /** Stable source name (e.g. the ecosystem zip URL or a directory path). */
  readonly name: string
  readonly url?: string
  readonly etag?: string
  readonly lastModified?: string
  /** ISO time of the last successful import of this source. */
  readonly importedAt?: string
  readonly records?: number
}

/** Summary of an advisory database. */
export interface AdvisoryMetadata {
  readonly schemaVersion: number
  readonly records: number
  /** Distinct records per full OSV ecosystem ("Debian:12", "npm"). */
  readonly ecosystems: Readonly<Record<string, number>>
  readonly sources: readonly AdvisorySourceMeta[]
  /** ISO time of the last import into this database; undefined when never written. */
  readonly updatedAt?: string
}

/** A bulk import into one source, in one transaction: nothing is visible before `commit`. */
export interface AdvisoryImport {
  /** Adds one validated record; `json` is its original text when the caller has it. */
  add(record: Advisory, json?: string): void
  /** Commits and returns the number of records written. */
  commit(meta?: Omit<AdvisorySourceMeta, 'name' | 'records'>): Promise<number>
  /** Drops everything added since the import began; the source's previous records stay. */
  rollback(): void
}

/**
 * The advisory database port: engines read and import through it, store/advisory implements it.
 * Reads are keyed by full OSV ecosystem and package name (normalized by `normalizePackageName`).
 */
export interface AdvisoryStore {
  /** Records with an affected entry for this ecosystem and package name. */
  findByPackage(ecosystem: string, name: string): Promise<readonly Advisory[]>
  getById(id: string): Promise<Advisory | undefined>
  /** Writes records in one transaction, replacing records with the same id. */
  put(records: readonly Advisory[], source?: string): Promise<number>
  /** Starts a bulk import that replaces everything the source imported before. */
  beginImport(source: string): AdvisoryImport
  metadata(): Promise<AdvisoryMetadata>
  /** The stored state of one source (ETag, Last-Modified) for conditional fetches. */
  source(name: string): Promise<AdvisorySourceMeta | undefined>
  /**
   * Optional fast path for matching many packages (the SQLite store has it): calls `visit` for
   * every record indexed under each (ecosystem, name) with the key's index, a handle (ascending
   * handles are record order) and the record's entries for that package — only `versions` and
   * ECOSYSTEM/SEMVER `ranges`, none when the record is withdrawn. Stores without it are matched
   * through `findByPackage`.
   */
  scanCandidates?(
    keys: readonly (readonly [ecosystem: string, name: string])[],
    visit: (key: number, ref: number, entries: readonly AdvisoryAffected[]) => void,
  ): Promise<void>
  /** Whole records by the handles `scanCandidates` gave, in the order given (with the fast path). */
  getByRefs?(refs: readonly number[]): Promise<readonly Advisory[]>
  close(): void
}

/** Errors of the advisory database and its feeds. */
export class AdvisoryError extends AppError<
  | 'DB_NOT_FOUND'
  | 'DB_CORRUPT'
  | 'DB_SCHEMA_MISMATCH'
  | 'DB_READ_ONLY'
  | 'ARCHIVE_CORRUPT'
  | 'SOURCE_INVALID'
  | 'FEED_UNAVAILABLE'
> {}
