import { randomBytes } from 'node:crypto'
import { createStore, dropPostgresSchema, type Store } from '../../src/store/index.js'

/** PostgreSQL on every machine here and in CI (STYLE.md section 7); override with BULWARK_TEST_PG. */
export const PG_URL = process.env.BULWARK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A fresh schema name. */
export function freshSchema(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`
}

/** One dialect under test: `open` gives a fresh, empty store each call; `cleanup` drops them all. */
export interface TestDialect {
  readonly name: 'sqlite' | 'postgres'
  open(): Promise<Store>
  cleanup(): Promise<void>
}

/** Every dialect a repo test runs on (never skipped: PostgreSQL is part of the test machine). */
export function testDialects(prefix: string): TestDialect[] {
  const schemas: string[] = []
  return [
    { name: 'sqlite', open: () => createStore({ url: ':memory:' }), cleanup: async () => undefined },
    {
      name: 'postgres',
      open: () => {
        const schema = freshSchema(prefix)
        schemas.push(schema)
        return createStore({ url: PG_URL, schema })
      },
      cleanup: async () => {
        for (const s of schemas.splice(0)) await dropPostgresSchema(PG_URL, s)
      },
    },
  ]
}
