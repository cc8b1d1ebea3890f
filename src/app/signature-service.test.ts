import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger, type Logger } from '../core/index.js'
import { createStore, type Store } from '../store/index.js'
import { freePort } from '../../test/registry.js'
import { createSecretBox } from './secrets.js'
import { createSignatureService } from './signature-service.js'

const D = `sha256:${'c'.repeat(64)}`

describe('signature service: an unreachable registry', () => {
  let store: Store
  beforeEach(async () => {
    store = await createStore({ url: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  it('is tried again after each delay, then left alone; close() cancels what is waiting', async () => {
    const host = `127.0.0.1:${await freePort()}` // nothing listens there
    await store.externalRegistries.create({ url: `http://${host}`, host, insecure: true })
    const warnings: unknown[] = []
    const log = { ...silentLogger, warn: (obj: unknown) => void warnings.push(obj), child: () => log } as unknown as Logger
    const signatures = createSignatureService({
      store, log, secrets: createSecretBox(Buffer.alloc(32, 2)), registryAddress: () => '127.0.0.1:1', internalSecret: 's', retryDelaysMs: [20, 20],
    })
    const v = { source: 'external' as const, repository: `${host}/app`, digest: D }

    await signatures.refresh(v)
    for (let i = 0; i < 200 && warnings.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 25))
      await signatures.idle()
    }
    await new Promise((r) => setTimeout(r, 200))
    await signatures.idle()

    expect(warnings).toHaveLength(3) // the lookup and two retries, then no more
    expect(warnings.map((w) => (w as { retryInMs?: number }).retryInMs)).toEqual([20, 20, undefined])

    const again = createSignatureService({
      store, log, secrets: createSecretBox(Buffer.alloc(32, 2)), registryAddress: () => '127.0.0.1:1', internalSecret: 's', retryDelaysMs: [100],
    })
    warnings.length = 0
    await again.refresh(v)
    again.close()
    await new Promise((r) => setTimeout(r, 250))
    expect(warnings).toHaveLength(1)
  })
})
