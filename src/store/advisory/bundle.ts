import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs'
import { AdvisoryError } from '../../core/index.js'
import { ensureSchema } from './schema.js'

/**
 * The offline bundle is the SQLite file itself, compacted with VACUUM INTO, carrying in its meta
 * table a SHA-256 over every record (id and JSON in id order). Importing re-checks SQLite's own
 * integrity, the schema version and that digest before the file replaces the live database.
 */

/** Digest of the database content: independent of page layout, so VACUUM keeps it. */
export function contentDigest(db: Database.Database): string {
  const hash = createHash('sha256')
  const rows = db.prepare('SELECT osv_id, json FROM records ORDER BY osv_id').iterate() as Iterable<{
    osv_id: string
    json: string
  }>
  for (const r of rows) hash.update(r.osv_id).update('\0').update(r.json).update('\n')
  return `sha256:${hash.digest('hex')}`
}

/** Writes a compact, self-verifying copy of the database at `dbPath` to `outPath`. */
export function exportBundle(dbPath: string, outPath: string): { digest: string } {
  if (existsSync(outPath)) rmSync(outPath)
  const src = openChecked(dbPath, true)
  try {
    src.prepare('VACUUM INTO ?').run(outPath)
  } finally {
    src.close()
  }
  const out = new Database(outPath)
  try {
    out.pragma('journal_mode = DELETE')
    const digest = contentDigest(out)
    out
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('content_sha256', ?)")
      .run(digest)
    return { digest }
  } finally {
    out.close()
  }
}

/** Checks a bundle: SQLite integrity, schema version, and the recorded content digest. */
export function verifyBundle(path: string): { digest: string } {
  const db = openChecked(path, true)
  try {
    const check = db.pragma('integrity_check', { simple: true })
    if (check !== 'ok') {
      throw new AdvisoryError('DB_CORRUPT', `bundle fails SQLite integrity check: ${String(check)}`)
    }
    const row = db.prepare("SELECT value FROM meta WHERE key = 'content_sha256'").get() as
      | { value: string }
      | undefined
    if (!row) throw new AdvisoryError('DB_CORRUPT', 'bundle has no content digest')
    const digest = contentDigest(db)
    if (digest !== row.value) {
      throw new AdvisoryError('DB_CORRUPT', `bundle content digest mismatch: ${digest} != ${row.value}`)
    }
    return { digest }
  } finally {
    db.close()
  }
}

/**
 * Installs a verified bundle as the database at `dbPath`: copied beside it, verified there and
 * renamed over it, so a bad bundle or a crash leaves the old database in place.
 */
export function importBundle(bundlePath: string, dbPath: string): { digest: string } {
  const tmp = `${dbPath}.bundle-${process.pid}-${Date.now()}`
  try {
    copyFileSync(bundlePath, tmp)
    const result = verifyBundle(tmp)
    renameSync(tmp, dbPath)
    return result
  } finally {
    if (existsSync(tmp)) rmSync(tmp)
  }
}

function openChecked(path: string, readonly: boolean): Database.Database {
  if (!existsSync(path)) throw new AdvisoryError('DB_NOT_FOUND', `advisory database not found: ${path}`)
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly, fileMustExist: true })
    ensureSchema(db, false)
    return db
  } catch (err) {
    db?.close()
    if (err instanceof AdvisoryError) throw err
    throw new AdvisoryError('DB_CORRUPT', `not a readable advisory database: ${path}`, { cause: err })
  }
}
