import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { UserError } from '../core/index.js'
import { createAuth, createMetrics, registerApi, type Auth } from '../api/index.js'
import { JobQueue } from '../jobs/index.js'
import { BlobStore, registryPlugin } from '../registry/index.js'
import { createStore, StoreError, type Store } from '../store/index.js'
import { ensureAdminToken } from './bootstrap.js'
import { dataDirError, prepareDataDir } from './data-dir.js'
import { createRegistryScanService } from './registry-scan.js'
import { createRematcher } from './rematch.js'
import { createScanService } from './scan-service.js'
import { registerSignatureHook } from './signature-hook.js'
import { createSignatureService, type SignatureService } from './signature-service.js'
import { createSecretBox, loadOrCreateKey } from './secrets.js'

/** Settings of `bulwark serve`; the CLI resolves flags and env into this. */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly dataDir: string
  /** A postgres:// URL or a SQLite path; default `<dataDir>/bulwark.db`. */
  readonly dbUrl?: string
  /** PostgreSQL schema (tests). */
  readonly dbSchema?: string
  /** BULWARK_ADMIN_TOKEN: registered as an admin token instead of generating one. */
  readonly adminToken?: string
  readonly logLevel?: string
  readonly scanConcurrency?: number
  /** A scan running longer is killed and fails (default 30 min). */
  readonly scanTimeoutMs?: number
  /** How often external registries' schedules are checked. */
  readonly scheduleTickMs?: number
  /** HOST[:PORT] clients push to, when not this address (a DNS name, a proxy): signatures name it. */
  readonly externalName?: string
  readonly version: string
}

/** A composed server: the fastify app plus its lifecycle. */
export interface BulwarkServer {
  readonly app: FastifyInstance
  readonly store: Store
  readonly queue: JobQueue
  readonly auth: Auth
  /** Signature states of image versions (tests await `signatures.idle()`). */
  readonly signatures: SignatureService
  /** The admin token generated on this first start (print it once), else undefined. */
  readonly generatedAdminToken: string | undefined
  /** Queues a re-match of every stored image's latest scan (done by itself when the advisory database changes). */
  rematchAll(): Promise<number>
  /** Listens and starts the workers; resolves to the bound `host:port`. */
  start(): Promise<string>
  stop(): Promise<void>
}

async function openStore(config: ServerConfig): Promise<Store> {
  const url = config.dbUrl ?? join(config.dataDir, 'bulwark.db')
  try {
    return await createStore({ url, ...(config.dbSchema ? { schema: config.dbSchema } : {}) })
  } catch (err) {
    if (err instanceof StoreError && err.code !== 'DB_UNAVAILABLE' && err.code !== 'DB_URL_INVALID') throw dataDirError(config.dataDir, err)
    throw err
  }
}

/** The server's composition root: store, auth, jobs, scan services, API and registry on one app. */
export async function createServer(config: ServerConfig): Promise<BulwarkServer> {
  await prepareDataDir(config.dataDir)
  const store = await openStore(config)
  const level = config.logLevel ?? 'info'
  const app = Fastify({
    logger: level === 'silent' ? false : { level, redact: ['req.headers.authorization'] },
    bodyLimit: 4 * 1024 * 1024,
  })
  const internalSecret = randomBytes(32).toString('base64url')
  const auth = createAuth({ tokens: store.tokens, internal: { secret: internalSecret, role: 'viewer' } })
  const secrets = createSecretBox(await loadOrCreateKey(config.dataDir))
  const queue = new JobQueue({ store: store.jobs, log: app.log, concurrency: config.scanConcurrency ?? 2 })
  let address = `127.0.0.1:${config.port}`
  const blobs = new BlobStore(join(config.dataDir, 'blobs'))
  await blobs.init()
  const scans = createScanService({
    store, queue, log: app.log, secrets, dataDir: config.dataDir, internalSecret,
    registryAddress: () => address,
    blobFile: (digest) => blobs.fileOf(digest),
    ...(config.scanTimeoutMs !== undefined ? { timeoutMs: config.scanTimeoutMs } : {}),
  })
  const signatures = createSignatureService({
    store, log: app.log, secrets, internalSecret, registryAddress: () => address,
    ...(config.externalName !== undefined ? { externalName: config.externalName } : {}),
  })
  const registries = createRegistryScanService({ store, queue, secrets, log: app.log, queueScan: scans.queueScan, refreshSignature: signatures.refresh })
  queue.onJob('scan-image', scans.handle, scans.gaveUp)
  const rematcher = createRematcher({
    store, queue, log: app.log, dataDir: config.dataDir, advisoryDb: join(config.dataDir, 'advisories.db'), scanners: scans.processes,
  })
  queue.onJob('rematch-scan', rematcher.handle)
  queue.onJob('scan-registry', registries.handle)
  const generatedAdminToken = await ensureAdminToken(store.tokens, config.adminToken)
  await registerApi(app, {
    store, auth, metrics: createMetrics(store.jobs), version: config.version,
    queueScan: scans.queueScan,
    rematchAll: () => rematcher.rematchAll(),
    registerRegistry: registries.register,
    queueRegistryScan: registries.queueRegistryScan,
    keysChanged: () => {
      signatures.keysChanged().catch((err: unknown) => app.log.error({ err }, 'signature recompute failed'))
    },
  })
  registerSignatureHook(app, { store, signatures, log: app.log })
  await mountRegistry(app, { blobs, store, auth, queueScan: scans.queueScan })
  let tick: NodeJS.Timeout | undefined
  return {
    app, store, queue, auth, signatures, generatedAdminToken,
    rematchAll: () => rematcher.rematchAll(),
    async start() {
      // One SQLite file has one server: whatever was running died with the previous process.
      if (store.dialect === 'sqlite') await store.jobs.releaseRunning()
      const url = await listen(app, config)
      address = loopbackAddress(app, config.port)
      queue.start()
      await rematcher.databaseChanged() // what the advisory database is now: changes from here on re-match
      if (await rematcher.newerThanScans()) {
        const n = await rematcher.rematchAll()
        app.log.info({ scans: n }, 'advisory database newer than the latest scans: matching them again')
      }
      tick = setInterval(() => {
        registries.queueDue(new Date()).catch((err: unknown) => app.log.error({ err }, 'registry schedule failed'))
        rematcher
          .databaseChanged()
          .then(async (changed) => {
            if (!changed) return
            const n = await rematcher.rematchAll()
            app.log.info({ scans: n }, 'advisory database changed: matching the latest scans again')
          })
          .catch((err: unknown) => app.log.error({ err }, 'advisory re-match failed'))
      }, config.scheduleTickMs ?? 30_000)
      tick.unref()
      return url
    },
    async stop() {
      if (tick) clearInterval(tick)
      // Scanners first: some pull from this server's /v2/, and a scan cut off by the closing
      // server would fail for good, while an interrupted one is retried after the restart.
      scans.close()
      signatures.close()
      await app.close()
      await queue.stop()
      await signatures.idle()
      await store.close()
    },
  }
}

/** The built-in registry on /v2/ (src/registry), blobs in DATA/blobs, scan-on-push into the queue. */
async function mountRegistry(
  app: FastifyInstance,
  deps: { blobs: BlobStore; store: Store; auth: Auth; queueScan: (repository: string, digest: string) => Promise<unknown> },
): Promise<void> {
  await app.register(registryPlugin, {
    store: deps.store.registry,
    blobs: deps.blobs,
    authenticate: deps.auth.authenticate,
    onManifestPushed: ({ repository, digest }) => {
      deps.queueScan(repository, digest).catch((err: unknown) => app.log.error({ err, repository, digest }, 'scan-on-push not queued'))
    },
  })
}

async function listen(app: FastifyInstance, config: ServerConfig): Promise<string> {
  try {
    return await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UserError('CONFIG_INVALID', `cannot listen on ${config.host}:${config.port} (${code})`, { cause: err })
    }
    throw err
  }
}

/** host:port the scanner uses to reach this process's own /v2/ (loopback even when bound to all). */
function loopbackAddress(app: FastifyInstance, fallbackPort: number): string {
  const a = app.server.address()
  const port = typeof a === 'object' && a ? a.port : fallbackPort
  const family = typeof a === 'object' && a ? a.family : 'IPv4'
  const host = typeof a === 'object' && a && !['0.0.0.0', '::'].includes(a.address) ? a.address : family === 'IPv6' ? '::1' : '127.0.0.1'
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
