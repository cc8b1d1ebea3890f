import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger, type ScanReport } from '../core/index.js'
import { hashToken } from '../api/index.js'
import { JobQueue } from '../jobs/index.js'
import { createStore, type Store } from '../store/index.js'
import { ensureAdminToken } from './bootstrap.js'
import { createRegistryScanService } from './registry-scan.js'
import { countBySeverity, diffFindings } from './scan-service.js'
import { createSecretBox, loadOrCreateKey } from './secrets.js'

function report(findings: { id: string; severity: string }[]): ScanReport {
  // Only ids and severities matter to these functions; the rest of a finding is irrelevant here.
  return { findings } as unknown as ScanReport
}

describe('secret box', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-key-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips, uses a fresh IV each time, rejects tampering and keeps the key private', async () => {
    const key = await loadOrCreateKey(dir)
    const box = createSecretBox(key)

    const a = box.encrypt('{"username":"u","password":"p"}')
    const b = box.encrypt('{"username":"u","password":"p"}')
    // the body's first character: all its bits count (a last base64 character may carry unused bits)
    const at = a.lastIndexOf('.') + 1
    const tampered = a.slice(0, at) + (a[at] === 'A' ? 'B' : 'A') + a.slice(at + 1)

    expect(box.decrypt(a)).toBe('{"username":"u","password":"p"}')
    expect(a).not.toBe(b)
    expect(a).not.toContain('password')
    expect(() => box.decrypt(tampered)).toThrow()
    expect(() => createSecretBox(Buffer.alloc(32, 1)).decrypt(a)).toThrow()
    expect((await loadOrCreateKey(dir)).equals(key)).toBe(true)
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
  })
})

describe('scan results', () => {
  it('counts by severity and diffs finding ids against the previous scan', () => {
    const prev = report([{ id: 'CVE-1', severity: 'high' }, { id: 'CVE-2', severity: 'low' }])
    const now = report([{ id: 'CVE-2', severity: 'low' }, { id: 'CVE-3', severity: 'critical' }, { id: 'CVE-4', severity: 'critical' }])

    expect(countBySeverity(now)).toEqual({ low: 1, critical: 2 })
    expect(diffFindings(now, prev)).toEqual({ newFindings: ['CVE-3', 'CVE-4'], fixedFindings: ['CVE-1'] })
    expect(diffFindings(now, undefined)).toEqual({ newFindings: ['CVE-2', 'CVE-3', 'CVE-4'], fixedFindings: [] })
  })
})

describe('server bootstrap and schedule', () => {
  let store: Store
  beforeEach(async () => {
    store = await createStore({ url: ':memory:' })
  })
  afterEach(() => store.close())

  it('generates one admin token on first start only; a configured one is registered', async () => {
    const first = await ensureAdminToken(store.tokens)
    const second = await ensureAdminToken(store.tokens)
    await ensureAdminToken(store.tokens, 'configured-secret')
    await ensureAdminToken(store.tokens, 'configured-secret')

    expect(first).toMatch(/^bwk_/)
    expect(second).toBeUndefined()
    expect(await store.tokens.findByHash(hashToken(first ?? ''))).toMatchObject({ role: 'admin' })
    expect(await store.tokens.findByHash(hashToken('configured-secret'))).toMatchObject({ role: 'admin' })
    expect(await store.tokens.count()).toBe(2)
  })

  it('queues a walk of each external registry whose schedule has elapsed, once per interval', async () => {
    const queue = new JobQueue({ store: store.jobs, log: silentLogger })
    const key = Buffer.alloc(32, 7)
    const svc = createRegistryScanService({
      store, queue, secrets: createSecretBox(key), log: silentLogger,
      queueScan: () => Promise.reject(new Error('not reached')),
      refreshSignature: () => Promise.reject(new Error('not reached')),
    })
    const scheduled = await svc.register({ url: 'http://127.0.0.1:5999', username: 'u', password: 'p', scheduleSeconds: 60 })
    await svc.register({ url: 'https://registry.example:5000' })
    const t0 = new Date('2026-01-01T00:00:00Z')

    const first = await svc.queueDue(t0)
    const soon = await svc.queueDue(new Date(t0.getTime() + 59_000))
    const later = await svc.queueDue(new Date(t0.getTime() + 60_000))

    expect([first, soon, later]).toEqual([1, 0, 1])
    expect(await store.jobs.countByStatus()).toEqual({ pending: 2 })
    expect(scheduled).toMatchObject({ host: '127.0.0.1:5999', insecure: true, hasCredentials: true })
    expect(createSecretBox(key).decrypt((await store.externalRegistries.getCredentials(scheduled.id)) ?? '')).toBe('{"username":"u","password":"p"}')
  })
})
