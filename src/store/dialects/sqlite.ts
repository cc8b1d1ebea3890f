import Database from 'better-sqlite3'
import { SqliteDialect } from 'kysely'

/**
 * A SQLite dialect over one better-sqlite3 connection. WAL keeps readers off the writer's back;
 * synchronous=NORMAL in WAL mode still never exposes a partial transaction after a crash.
 * ref: https://www.sqlite.org/wal.html
 */
export function createSqliteDialect(file: string): { dialect: SqliteDialect; close: () => void } {
  const db = new Database(file)
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  return { dialect: new SqliteDialect({ database: db }), close: () => db.close() }
}
