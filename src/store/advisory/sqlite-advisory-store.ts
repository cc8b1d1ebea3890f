import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import {
  AdvisoryError,
  normalizePackageName,
  type Advisory,
  type AdvisoryAffected,
  type AdvisoryImport,
  type AdvisoryMetadata,
  type AdvisorySourceMeta,
  type AdvisoryStore,
} from '../../core/index.js'
import { matchableRows } from './matchable.js'
import { ADVISORY_SCHEMA_VERSION, ensureSchema } from './schema.js'

/** How to open an advisory database file. */
export interface OpenAdvisoryStoreOptions {
  /** Open read-only (scans): the file must exist and no statement may write. */
  readonly readonly?: boolean
}

interface WriteStatements {
  readonly insert: Statement<[string, string, string, string]>
  readonly current: Statement<[string], { id: number; json: string }>
  readonly update: Statement<[string, string, string, number, string]>
  readonly unaffect: Statement<[string, string, number]>
  readonly unaffectAll: Statement<[number]>
  readonly affects: Statement<[string, string, number | bigint, string]>
}

interface ReadStatements {
  /** Raw rows (arrays, cheaper than objects): record id, entries JSON. */
  readonly candidates: Statement<[string, string], [number, string]>
  /** The JSON of a record by row id (plucked: a string, no row object). */
  readonly record: Statement<[number], string>
}

/** Page cache of a read-only store, in KiB: the B-tree interior pages and little more. */
const READ_CACHE_KIB = 2048

interface SourceRow {
  name: string
  url: string | null
  etag: string | null
  last_modified: string | null
  imported_at: string | null
  records: number
}

/**
 * The advisory database in a standalone SQLite file (rollback journal, no WAL, so the file is
 * the whole database and can be renamed or shipped as a bundle). `:memory:` works for tests.
 */
export class SqliteAdvisoryStore implements AdvisoryStore {
  readonly #db: Database.Database
  readonly #readonly: boolean
  readonly #find: Statement<[string, string], { id: string; json: string }>
  #statements?: WriteStatements
  #reads?: ReadStatements
  #importing = false

  constructor(db: Database.Database, readonly: boolean) {
    this.#db = db
    this.#readonly = readonly
    this.#find = db.prepare(
      'SELECT r.osv_id AS id, r.json AS json FROM affects a JOIN records r ON r.id = a.record ' +
        'WHERE a.ecosystem = ? AND a.name = ?',
    )
  }

  /** Opens (and for a writable store creates) the database at `path`. */
  static open(path: string, options: OpenAdvisoryStoreOptions = {}): SqliteAdvisoryStore {
    const readonly = options.readonly ?? false
    if (readonly && path !== ':memory:' && !existsSync(path)) {
      throw new AdvisoryError('DB_NOT_FOUND', `advisory database not found: ${path}`)
    }
    let db: Database.Database | undefined
    try {
      db = new Database(path, { readonly, fileMustExist: readonly })
      if (readonly) {
        // A scan reads each page about once: a small page cache reuses its buffers (fresh memory
        // costs a page fault per 4 KiB, more than the read), and holding the shared lock saves
        // the lock and change-counter syscalls of every statement. Updates never write a live
        // file (they rename a new one over it), so holding the lock blocks no writer.
        db.pragma(`cache_size = -${READ_CACHE_KIB}`)
        db.pragma('locking_mode = EXCLUSIVE')
      } else {
        db.pragma('journal_mode = DELETE')
        db.pragma('synchronous = NORMAL')
        db.pragma('cache_size = -65536')
      }
      db.pragma('temp_store = MEMORY')
      ensureSchema(db, !readonly)
      return new SqliteAdvisoryStore(db, readonly)
    } catch (err) {
      db?.close()
      if (err instanceof AdvisoryError) throw err
      throw new AdvisoryError('DB_CORRUPT', `cannot open advisory database ${path}`, { cause: err })
    }
  }

  /** The underlying connection, for bundle export and integrity checks in this folder. */
  get connection(): Database.Database {
    return this.#db
  }

  async findByPackage(ecosystem: string, name: string): Promise<readonly Advisory[]> {
    return this.findByPackageSync(ecosystem, name)
  }

  /** Synchronous lookup: one indexed query; records parsed from their stored JSON. */
  findByPackageSync(ecosystem: string, name: string): Advisory[] {
    const rows = this.#find.all(ecosystem, normalizePackageName(ecosystem, name))
    return rows.map((r) => parseStored(r.id, r.json))
  }

  /**
   * Streams the records indexed under each (ecosystem, name) key: `visit` gets the key's index, a
   * handle to the record and its matchable entries for that package (see matchable.ts; none when
   * withdrawn). Records of one key come in record order, the order `findByPackage` returns them
   * in, and so do ascending handles. A scan decides from the entries which records can affect a
   * package and reads only those whole, with `getByRefs`. One read transaction; handles are
   * valid while this store is open.
   */
  async scanCandidates(
    keys: readonly (readonly [ecosystem: string, name: string])[],
    visit: (key: number, ref: number, entries: readonly AdvisoryAffected[]) => void,
  ): Promise<void> {
    const s = (this.#reads ??= this.#prepareReads())
    // Many records carry the same entries (every CVE a release fixes in one upload, every
    // unfixed one): each distinct text is parsed once per scan and shared, read-only.
    const parsed = new Map<string, AdvisoryAffected[]>()
    // A prepared statement per key beats one json_each join: its cost is the index descent.
    this.#db.transaction(() => {
      for (const [i, [eco, name]] of keys.entries()) {
        // all(): a few rows per key, cheaper than an iterator
        for (const [ref, text] of s.candidates.all(eco, normalizePackageName(eco, name))) {
          let entries = parsed.get(text)
          if (!entries) parsed.set(text, (entries = parseStored<AdvisoryAffected[]>(`#${ref}`, text)))
          visit(i, ref, entries)
        }
      }
    })()
  }

  /** Whole records by the handles `scanCandidates` gave, in the order given. */
  async getByRefs(refs: readonly number[]): Promise<Advisory[]> {
    const s = (this.#reads ??= this.#prepareReads())
    return refs.map((ref) => {
      const json = s.record.get(ref)
      if (json === undefined) throw new AdvisoryError('DB_CORRUPT', `indexed advisory #${ref} is missing`)
      return parseStored(() => this.#idOf(ref), json)
    })
  }

  async getById(id: string): Promise<Advisory | undefined> {
    const row = this.#db.prepare('SELECT json FROM records WHERE osv_id = ?').get(id) as
      | { json: string }
      | undefined
    return row ? parseStored(id, row.json) : undefined
  }

  async put(records: readonly Advisory[], source = 'local'): Promise<number> {
    this.#assertWritable()
    let n = 0
    this.#db.transaction(() => {
      for (const r of records) n += this.#write(r, JSON.stringify(r), source)
      this.#touch()
    })()
    return n
  }

  beginImport(source: string): AdvisoryImport {
    this.#assertWritable()
    if (this.#importing) {
      throw new AdvisoryError('DB_READ_ONLY', 'another import is in progress on this store')
    }
    this.#importing = true
    // One transaction; the journal protects it, so fsync per page buys nothing during a bulk load.
    this.#db.pragma('synchronous = OFF')
    this.#db.exec('BEGIN')
    this.#deleteSource(source)
    let written = 0
    let open = true
    const finish = (): void => {
      open = false
      this.#importing = false
      this.#db.pragma('synchronous = NORMAL')
    }
    return {
      add: (record, json) => {
        if (!open) throw new AdvisoryError('DB_READ_ONLY', 'import already finished')
        written += this.#write(record, json ?? JSON.stringify(record), source)
      },
      commit: async (meta) => {
        if (!open) throw new AdvisoryError('DB_READ_ONLY', 'import already finished')
        this.#saveSource({ ...meta, name: source, records: written })
        this.#touch()
        this.#db.exec('COMMIT')
        finish()
        return written
      },
      rollback: () => {
        if (!open) return
        this.#db.exec('ROLLBACK')
        finish()
      },
    }
  }

  async metadata(): Promise<AdvisoryMetadata> {
    const count = this.#db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }
    const eco = this.#db
      .prepare('SELECT ecosystem, count(DISTINCT record) AS n FROM affects GROUP BY ecosystem')
      .all() as { ecosystem: string; n: number }[]
    const updated = this.#db.prepare("SELECT value FROM meta WHERE key = 'updated_at'").get() as
      | { value: string }
      | undefined
    const sources = this.#db.prepare('SELECT * FROM sources ORDER BY name').all() as SourceRow[]
    return {
      schemaVersion: ADVISORY_SCHEMA_VERSION,
      records: count.n,
      ecosystems: Object.fromEntries(eco.map((e) => [e.ecosystem, e.n])),
      sources: sources.map(toSourceMeta),
      ...(updated ? { updatedAt: updated.value } : {}),
    }
  }

  async source(name: string): Promise<AdvisorySourceMeta | undefined> {
    const row = this.#db.prepare('SELECT * FROM sources WHERE name = ?').get(name) as
      | SourceRow
      | undefined
    return row ? toSourceMeta(row) : undefined
  }

  close(): void {
    if (this.#importing) this.#db.exec('ROLLBACK')
    this.#importing = false
    this.#db.close()
  }

  #assertWritable(): void {
    if (this.#readonly) throw new AdvisoryError('DB_READ_ONLY', 'advisory database is read-only')
  }

  /**
   * Upserts one record (a newer or equal `modified` wins) and its index rows; returns 1 when
   * written. A plain insert first: conflicts are rare and RETURNING costs more than the insert.
   * A replaced record loses the index rows of its old version before its new ones are written.
   */
  #write(record: Advisory, json: string, source: string): number {
    const s = (this.#statements ??= this.#prepareWrites())
    const inserted = s.insert.run(record.id, source, record.modified, json)
    let rowId: number | bigint
    if (inserted.changes === 1) {
      rowId = inserted.lastInsertRowid
    } else {
      const old = s.current.get(record.id)
      if (!old || s.update.run(source, record.modified, json, old.id, record.modified).changes === 0) {
        return 0
      }
      rowId = old.id
      this.#unindex(old.id, old.json)
    }
    for (const row of matchableRows(record)) s.affects.run(row.ecosystem, row.name, rowId, row.entries)
    return 1
  }

  /** Deletes the index rows of a stored record, by the keys its JSON names (no scan). */
  #unindex(id: number, json: string): void {
    const s = (this.#statements ??= this.#prepareWrites())
    let rows
    try {
      rows = matchableRows(JSON.parse(json) as Advisory)
    } catch {
      s.unaffectAll.run(id)
      return
    }
    for (const row of rows) s.unaffect.run(row.ecosystem, row.name, id)
  }

  /** A record's OSV id by row id, for messages. */
  #idOf(ref: number): string {
    const row = this.#db.prepare('SELECT osv_id FROM records WHERE id = ?').get(ref) as { osv_id: string } | undefined
    return row?.osv_id ?? `#${ref}`
  }

  #prepareReads(): ReadStatements {
    return {
      candidates: this.#db
        .prepare<[string, string], [number, string]>(
          'SELECT record, entries FROM affects WHERE ecosystem = ? AND name = ? ORDER BY record',
        )
        .raw(true),
      record: this.#db.prepare<[number], string>('SELECT json FROM records WHERE id = ?').pluck(),
    }
  }

  #prepareWrites(): WriteStatements {
    const db = this.#db
    return {
      insert: db.prepare(
        'INSERT INTO records (osv_id, source, modified, json) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT(osv_id) DO NOTHING',
      ),
      current: db.prepare('SELECT id, json FROM records WHERE osv_id = ?'),
      update: db.prepare(
        'UPDATE records SET source = ?, modified = ?, json = ? WHERE id = ? AND modified <= ?',
      ),
      unaffect: db.prepare('DELETE FROM affects WHERE ecosystem = ? AND name = ? AND record = ?'),
      unaffectAll: db.prepare('DELETE FROM affects WHERE record = ?'),
      affects: db.prepare(
        'INSERT OR REPLACE INTO affects (ecosystem, name, record, entries) VALUES (?, ?, ?, ?)',
      ),
    }
  }

  #deleteSource(source: string): void {
    this.#db
      .prepare('DELETE FROM affects WHERE record IN (SELECT id FROM records WHERE source = ?)')
      .run(source)
    this.#db.prepare('DELETE FROM records WHERE source = ?').run(source)
  }

  #saveSource(m: AdvisorySourceMeta): void {
    this.#db
      .prepare(
        'INSERT OR REPLACE INTO sources (name, url, etag, last_modified, imported_at, records) ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        m.name,
        m.url ?? null,
        m.etag ?? null,
        m.lastModified ?? null,
        m.importedAt ?? new Date().toISOString(),
        m.records ?? 0,
      )
  }

  #touch(): void {
    this.#db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_at', ?)")
      .run(new Date().toISOString())
  }
}

/** Records were validated on import; a row that is not JSON means the file was damaged. */
function parseStored<T = Advisory>(id: string | (() => string), json: string): T {
  try {
    return JSON.parse(json) as T
  } catch (err) {
    const name = typeof id === 'string' ? id : id()
    throw new AdvisoryError('DB_CORRUPT', `stored advisory ${name} is not valid JSON`, { cause: err })
  }
}

function toSourceMeta(r: SourceRow): AdvisorySourceMeta {
  return {
    name: r.name,
    records: r.records,
    ...(r.url ? { url: r.url } : {}),
    ...(r.etag ? { etag: r.etag } : {}),
    ...(r.last_modified ? { lastModified: r.last_modified } : {}),
    ...(r.imported_at ? { importedAt: r.imported_at } : {}),
  }
}
