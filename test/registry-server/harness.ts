/**
 * Test harness: Bulwark's registry plugin in a real fastify on 127.0.0.1, over a SQLite store
 * and a temp blob directory, authenticated by the real API auth (src/api) with three tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { createAuth, hashToken } from '../../src/api/index.js'
import type { TokenRole } from '../../src/core/index.js'
import { BlobStore, registryPlugin } from '../../src/registry/index.js'
import type { ManifestPushedEvent } from '../../src/registry/index.js'
import { createStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/index.js'

/** The fixed token secrets of the harness, one per role. */
export const TOKENS: Readonly<Record<TokenRole, string>> = {
  viewer: 'bwk_test_viewer_token',
  developer: 'bwk_test_developer_token',
  admin: 'bwk_test_admin_token',
}

/** A running registry under test. */
export interface TestRegistry {
  readonly app: FastifyInstance
  readonly store: Store
  readonly blobs: BlobStore
  /** Blob directory and SQLite file live here. */
  readonly dir: string
  /** `127.0.0.1:PORT` */
  readonly host: string
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  /** Manifest pushes reported to onManifestPushed. */
  readonly pushed: ManifestPushedEvent[]
  stop(opts?: { keep?: boolean }): Promise<void>
}

/** Starts the registry (reusing `dir` when given, e.g. after a simulated crash). */
export async function startTestRegistry(o: { dir?: string } = {}): Promise<TestRegistry> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'bulwark-reg-'))
  const store = await createStore({ url: join(dir, 'bulwark.db') })
  for (const role of ['viewer', 'developer', 'admin'] as const) {
    const hash = hashToken(TOKENS[role])
    if (!(await store.tokens.findByHash(hash))) await store.tokens.createToken({ id: role, name: role, role, hash })
  }
  const auth = createAuth({ tokens: store.tokens })
  const blobs = new BlobStore(join(dir, 'blobs'))
  await blobs.init()
  const pushed: ManifestPushedEvent[] = []
  const app = Fastify({ logger: false })
  await app.register(registryPlugin, {
    store: store.registry,
    blobs,
    authenticate: auth.authenticate,
    onManifestPushed: (e) => pushed.push(e),
    realm: 'bulwark-test',
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    app, store, blobs, dir, url, pushed,
    host: url.replace(/^http:\/\//, ''),
    async stop(opts = {}) {
      await app.close()
      await store.close()
      if (!opts.keep) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `Authorization` header value for a role (Basic, any user name, as registry clients send it). */
export function basicAuth(role: TokenRole): string {
  return `Basic ${Buffer.from(`user:${TOKENS[role]}`).toString('base64')}`
}
