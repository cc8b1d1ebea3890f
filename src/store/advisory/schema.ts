import type { Database } from 'better-sqlite3'
import { AdvisoryError } from '../../core/index.js'

/**
 * Bumped when the table layout changes; a database with another version is refused (`db update`
 * rebuilds it). 2: `affects.entries`, the matchable part of each record per package.
 */
export const ADVISORY_SCHEMA_VERSION = 2

/**
 * One table of OSV records as JSON text, one index table (ecosystem, normalized name) -> record
 * carrying that record's matchable entries for the package (see matchable.ts), and key/value
 * metadata. The index is WITHOUT ROWID, so the rows of one package sit together and a scan
 * decides which records affect it from one B-tree descent, reading whole records only for those.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS records (
  id INTEGER PRIMARY KEY,
  osv_id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  modified TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS affects (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  record INTEGER NOT NULL,
  entries TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, record)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  name TEXT PRIMARY KEY,
  url TEXT,
  etag TEXT,
  last_modified TEXT,
  imported_at TEXT,
  records INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`

/** Creates the tables in a new database, or checks the version of an existing one. */
export function ensureSchema(db: Database, writable: boolean): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get()
  if (!hasMeta) {
    if (!writable) {
      throw new AdvisoryError('DB_SCHEMA_MISMATCH', 'not an advisory database: no meta table')
    }
    db.exec(DDL)
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(ADVISORY_SCHEMA_VERSION),
    )
    return
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined
  if (row?.value !== String(ADVISORY_SCHEMA_VERSION)) {
    throw new AdvisoryError(
      'DB_SCHEMA_MISMATCH',
      `advisory database schema ${row?.value ?? 'missing'}, expected ${ADVISORY_SCHEMA_VERSION} ` +
        '(written by another bulwark version; `bulwark db update` rebuilds it)',
    )
  }
}
