import pg from 'pg'
import { PostgresDialect } from 'kysely'

/** A schema name safe to splice into SQL (letters, digits, underscore). */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * A PostgreSQL dialect over a pg Pool. With `schema`, every connection's search_path is that
 * schema (created when missing), which is how tests get a fresh database per file.
 */
export async function createPostgresDialect(
  url: string,
  schema?: string,
): Promise<{ dialect: PostgresDialect; close: () => Promise<void> }> {
  if (schema !== undefined && !SCHEMA.test(schema)) throw new TypeError(`invalid schema name ${schema}`)
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(`create schema if not exists "${schema}"`)
    } finally {
      await client.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  })
  return { dialect: new PostgresDialect({ pool }), close: () => pool.end() }
}

/** Drops a schema made by `createPostgresDialect` (tests clean up after themselves). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA.test(schema)) throw new TypeError(`invalid schema name ${schema}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await client.end()
  }
}
