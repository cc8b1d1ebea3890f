import { Kysely, Migrator } from 'kysely'
import type { AuditLogStore, JobStore, RegistryStore, ScanStore, TokenStore } from '../core/index.js'
import type { ServerDatabase } from './db.js'
import { createPostgresDialect } from './dialects/postgres.js'
import { createSqliteDialect } from './dialects/sqlite.js'
import { StoreError, toStoreError } from './errors.js'
import { migrationProvider } from './migrations/index.js'
import { AuditRepo } from './repos/audit-repo.js'
import { ExternalRegistryRepo } from './repos/external-registry-repo.js'
import { KeyRepo } from './repos/key-repo.js'
import { JobRepo } from './repos/job-repo.js'
import { RegistryRepo } from './repos/registry-repo.js'
import { ScanRepo } from './repos/scan-repo.js'
import { TokenRepo } from './repos/token-repo.js'
import { ViewRepo } from './repos/view-repo.js'

/** Where the store lives: a SQLite file path, ':memory:', or a postgres:// URL. */
export interface StoreOptions {
  readonly url: string
  /** PostgreSQL only: the schema to use (created when missing); tests use one per file. */
  readonly schema?: string
}

/** The platform server's storage: one repo per port, sharing one connection pool. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres'
  readonly registry: RegistryStore
  readonly scans: ScanStore
  readonly tokens: TokenStore
  readonly audit: AuditLogStore
  readonly jobs: JobStore & Pick<JobRepo, 'releaseRunning'>
  readonly externalRegistries: ExternalRegistryRepo
  readonly view: ViewRepo
  readonly keys: KeyRepo
  /** True when the database answers a trivial query (readiness). */
  ping(): Promise<boolean>
  close(): Promise<void>
}

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://')
}

async function openDialect(opts: StoreOptions): Promise<{
  dialect: 'sqlite' | 'postgres'
  db: Kysely<ServerDatabase>
  close: () => Promise<void>
}> {
  if (isPostgresUrl(opts.url)) {
    const pg = await createPostgresDialect(opts.url, opts.schema)
    return { dialect: 'postgres', db: new Kysely<ServerDatabase>({ dialect: pg.dialect }), close: pg.close }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(opts.url)) {
    throw new StoreError('DB_URL_INVALID', `unsupported database URL ${opts.url} (use a file path or postgres://)`)
  }
  const lite = createSqliteDialect(opts.url)
  return { dialect: 'sqlite', db: new Kysely<ServerDatabase>({ dialect: lite.dialect }), close: async () => lite.close() }
}

async function migrate(db: Kysely<ServerDatabase>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  })
  const { error } = await migrator.migrateToLatest()
  if (error !== undefined) throw error
}

/**
 * Opens (and migrates) the store. Driver failures become a StoreError with a clear message
 * (read-only directory, full disk, unreachable server).
 */
export async function createStore(opts: StoreOptions): Promise<Store> {
  let opened: Awaited<ReturnType<typeof openDialect>> | undefined
  try {
    opened = await openDialect(opts)
    await migrate(opened.db, isPostgresUrl(opts.url) ? opts.schema : undefined)
  } catch (err) {
    await opened?.close().catch(() => undefined) // the original error is the one to report
    throw toStoreError(err, `database ${redactUrl(opts.url)}`) ?? err
  }
  const { db, dialect, close } = opened
  return {
    dialect,
    registry: new RegistryRepo(db),
    scans: new ScanRepo(db),
    tokens: new TokenRepo(db),
    audit: new AuditRepo(db),
    jobs: new JobRepo(db),
    externalRegistries: new ExternalRegistryRepo(db),
    view: new ViewRepo(db),
    keys: new KeyRepo(db),
    ping: async () => {
      try {
        await db.selectFrom('tokens').select('id').limit(1).execute()
        return true
      } catch {
        return false // readiness is the answer, not an exception
      }
    },
    close: async () => {
      await db.destroy()
      await close().catch(() => undefined) // the pool may already be ended by destroy()
    },
  }
}

/** Hides a password in a database URL before it reaches a message or a log. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}
