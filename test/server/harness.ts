import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type BulwarkServer } from '../../src/app/index.js'
import { PG_URL, freshSchema } from './pg.js'

/** A server on a temp data dir (SQLite, or PostgreSQL in a fresh schema), not listening. */
export interface TestServer {
  readonly server: BulwarkServer
  readonly admin: string
  readonly dir: string
  close(): Promise<void>
}

/** Builds a server for app.inject() tests; `dialect: 'postgres'` uses a fresh schema. */
export async function openTestServer(opts: { dialect?: 'sqlite' | 'postgres'; adminToken?: string; scheduleTickMs?: number; port?: number; externalName?: string } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-srv-'))
  const schema = opts.dialect === 'postgres' ? freshSchema('srv') : undefined
  const server = await createServer({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    ...(opts.externalName !== undefined ? { externalName: opts.externalName } : {}),
    dataDir: dir,
    ...(schema ? { dbUrl: PG_URL, dbSchema: schema } : {}),
    ...(opts.adminToken ? { adminToken: opts.adminToken } : {}),
    ...(opts.scheduleTickMs !== undefined ? { scheduleTickMs: opts.scheduleTickMs } : {}),
    logLevel: 'silent',
    version: '0.0.0-test',
  })
  const admin = opts.adminToken ?? server.generatedAdminToken
  if (!admin) throw new TypeError('no admin token on a fresh server')
  return {
    server,
    admin,
    dir,
    async close() {
      await server.stop()
      if (schema) {
        const { dropPostgresSchema } = await import('../../src/store/index.js')
        await dropPostgresSchema(PG_URL, schema)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
