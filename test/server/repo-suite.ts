import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ManifestRecord } from '../../src/core/index.js'
import type { Store } from '../../src/store/index.js'
import type { TestDialect } from './pg.js'

const D = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

function manifest(over: Partial<ManifestRecord> = {}): ManifestRecord {
  return {
    repository: 'team/app',
    digest: D(1),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    totalSize: 5_000_000_000,
    configDigest: D(2),
    references: [D(2), D(3)],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }
}

/** The store's suite, run once per dialect (STYLE.md section 7, kysely DIALECTS). */
export function runRepoSuite(dialect: TestDialect): void {
  describe(`store on ${dialect.name}`, () => {
    let store: Store
    beforeEach(async () => {
      store = await dialect.open()
    })
    afterEach(async () => {
      await store.close()
    })
    afterAll(() => dialect.cleanup())

    it('round-trips manifests, sizes above 2^32 and annotations', async () => {
      const rec = manifest({ annotations: { 'org.opencontainers.image.title': 'x' }, artifactType: 'a/b' })

      await store.registry.putManifest(rec)

      expect(await store.registry.getManifest('team/app', D(1))).toEqual(rec)
      expect(await store.registry.getManifest('team/app', D(9))).toBeUndefined()
      expect(await store.registry.getManifest('other', D(1))).toBeUndefined()
    })

    it('upserts a manifest put twice', async () => {
      await store.registry.putManifest(manifest())
      await store.registry.putManifest(manifest({ totalSize: 7 }))

      expect((await store.registry.listManifests('team/app')).map((m) => m.totalSize)).toEqual([7])
    })

    it('tags: set, move, resolve, paginate, delete', async () => {
      await store.registry.putManifest(manifest())
      for (const t of ['v2', 'v1', 'latest', 'v3']) await store.registry.setTag('team/app', t, D(1))
      await store.registry.setTag('team/app', 'v1', D(5))

      expect(await store.registry.resolveTag('team/app', 'v1')).toBe(D(5))
      expect(await store.registry.listTags('team/app')).toEqual(['latest', 'v1', 'v2', 'v3'])
      expect(await store.registry.listTags('team/app', { n: 2 })).toEqual(['latest', 'v1'])
      expect(await store.registry.listTags('team/app', { last: 'v1', n: 5 })).toEqual(['v2', 'v3'])
      expect(await store.registry.deleteTag('team/app', 'v2')).toBe(true)
      expect(await store.registry.deleteTag('team/app', 'v2')).toBe(false)
      expect((await store.registry.listTagRecords('team/app')).map((t) => [t.tag, t.digest])).toEqual([
        ['latest', D(1)],
        ['v1', D(5)],
        ['v3', D(1)],
      ])
    })

    it('deleting a manifest removes its tags and nothing else', async () => {
      await store.registry.putManifest(manifest())
      await store.registry.putManifest(manifest({ digest: D(7) }))
      await store.registry.setTag('team/app', 'a', D(1))
      await store.registry.setTag('team/app', 'b', D(7))

      expect(await store.registry.deleteManifest('team/app', D(1))).toBe(true)
      expect(await store.registry.deleteManifest('team/app', D(1))).toBe(false)
      expect(await store.registry.listTags('team/app')).toEqual(['b'])
    })

    it('lists repositories with pagination and referrers by subject and type', async () => {
      for (const r of ['b/x', 'a', 'c']) await store.registry.putManifest(manifest({ repository: r }))
      await store.registry.putManifest(manifest({ repository: 'a', digest: D(8), subject: D(1), artifactType: 'sig' }))
      await store.registry.putManifest(manifest({ repository: 'a', digest: D(9), subject: D(1), artifactType: 'sbom' }))

      expect(await store.registry.listRepositories()).toEqual(['a', 'b/x', 'c'])
      expect(await store.registry.listRepositories({ last: 'a', n: 1 })).toEqual(['b/x'])
      expect((await store.registry.listReferrers('a', D(1))).map((m) => m.digest)).toEqual([D(8), D(9)])
      expect((await store.registry.listReferrers('a', D(1), 'sbom')).map((m) => m.digest)).toEqual([D(9)])
      expect(await store.registry.listReferrers('b/x', D(1))).toEqual([])
    })

    it('blob links and the live set', async () => {
      await store.registry.linkBlob('r', D(20), 10)
      await store.registry.linkBlob('r', D(20), 10)
      await store.registry.putManifest(manifest())

      expect(await store.registry.isBlobLinked('r', D(20))).toBe(true)
      expect(await store.registry.isBlobLinked('other', D(20))).toBe(false)
      expect([...(await store.registry.liveBlobs())].sort()).toEqual([D(1), D(2), D(3), D(20)])
      expect(await store.registry.unlinkBlob('r', D(20))).toBe(true)
      expect(await store.registry.unlinkBlob('r', D(20))).toBe(false)
      expect((await store.registry.liveBlobs()).has(D(20))).toBe(false)
    })

    it('scans: lifecycle, latest, previous completed, report', async () => {
      const first = await store.scans.createScan('r', D(1))
      await store.scans.markRunning(first.id)
      await store.scans.completeScan(first.id, { report: '{"a":1}', counts: { high: 2 }, newFindings: ['x'], fixedFindings: [] })
      const second = await store.scans.createScan('r', D(2))
      const third = await store.scans.createScan('r', D(2))
      await store.scans.failScan(third.id, 'boom')

      expect(first.status).toBe('queued')
      expect(await store.scans.getScan(first.id)).toMatchObject({ status: 'completed', counts: { high: 2 }, newFindings: ['x'] })
      expect(await store.scans.getReport(first.id)).toBe('{"a":1}')
      expect(await store.scans.getReport(second.id)).toBeUndefined()
      expect(await store.scans.latestScan('r', D(2))).toMatchObject({ id: third.id, status: 'failed', error: 'boom' })
      expect((await store.scans.previousCompleted('r', second.id))?.id).toBe(first.id)
      expect(await store.scans.previousCompleted('r', first.id)).toBeUndefined()
      expect((await store.scans.listScans('r')).map((s) => s.id)).toEqual([third.id, second.id, first.id])
      expect((await store.scans.listScans('r', D(1))).map((s) => s.id)).toEqual([first.id])
      // the newest scan of D(2) failed: only D(1)'s completed scan is an image's latest
      expect((await store.scans.latestCompleted()).map((s) => s.id)).toEqual([first.id])
      const other = await store.scans.createScan('o', D(1))
      await store.scans.completeScan(other.id, { report: '{}', counts: {}, newFindings: [], fixedFindings: [] })
      const again = await store.scans.createScan('r', D(1))
      expect((await store.scans.latestCompleted()).map((s) => s.id)).toEqual([other.id])
      await store.scans.completeScan(again.id, { report: '{}', counts: {}, newFindings: [], fixedFindings: [] })
      expect((await store.scans.latestCompleted()).map((s) => s.id)).toEqual([other.id, again.id])
    })

    it('tokens: hash lookup, touch, revoke, count', async () => {
      await store.tokens.createToken({ id: 't1', name: 'ci', role: 'developer', hash: 'h1' })
      await store.tokens.createToken({ id: 't2', name: 'admin', role: 'admin', hash: 'h2' })
      await store.tokens.touch('t1', '2026-02-01T00:00:00.000Z')

      expect(await store.tokens.findByHash('h1')).toMatchObject({ id: 't1', role: 'developer', revoked: false, lastUsedAt: '2026-02-01T00:00:00.000Z' })
      expect(await store.tokens.findByHash('nope')).toBeUndefined()
      expect(await store.tokens.revoke('t1')).toBe(true)
      expect(await store.tokens.revoke('t1')).toBe(false)
      expect((await store.tokens.findByHash('h1'))?.revoked).toBe(true)
      expect(await store.tokens.count()).toBe(2)
      expect((await store.tokens.listTokens()).map((t) => t.id).sort()).toEqual(['t1', 't2'])
      await expect(store.tokens.createToken({ id: 't3', name: 'dup', role: 'viewer', hash: 'h2' })).rejects.toThrow()
    })

    it('audit log: newest first, limited', async () => {
      for (const a of ['one', 'two', 'three']) await store.audit.append({ at: '2026-01-01T00:00:00.000Z', actor: 'x', action: a, target: 't' })

      expect((await store.audit.list(2)).map((e) => e.action)).toEqual(['three', 'two'])
    })

    it('jobs: claim order, lease expiry, retry, fail, counts', async () => {
      const a = await store.jobs.enqueue('k', '{"n":1}', '2026-01-01T00:00:00.000Z')
      const b = await store.jobs.enqueue('k', '{"n":2}', '2026-01-01T00:00:01.000Z')
      await store.jobs.enqueue('k', '{"n":3}', '2099-01-01T00:00:00.000Z')
      const now = '2026-06-01T00:00:00.000Z'

      const c1 = await store.jobs.claim(now, 60_000)
      const c2 = await store.jobs.claim(now, 60_000)
      const none = await store.jobs.claim(now, 60_000)
      const reclaimed = await store.jobs.claim('2026-06-01T00:05:00.000Z', 60_000)

      expect([c1?.id, c2?.id, none]).toEqual([a.id, b.id, undefined])
      expect(reclaimed).toMatchObject({ id: a.id, attempts: 2, status: 'running' })
      await store.jobs.fail(a.id, 'try again', '2026-06-01T00:06:00.000Z')
      expect(await store.jobs.get(a.id)).toMatchObject({ status: 'pending', lastError: 'try again' })
      await store.jobs.complete(b.id)
      await store.jobs.fail(a.id, 'gave up')
      expect(await store.jobs.countByStatus()).toEqual({ done: 1, failed: 1, pending: 1 })
    })

    it('two concurrent claimers never get the same job', async () => {
      for (let i = 0; i < 20; i++) await store.jobs.enqueue('k', String(i))
      const now = new Date(Date.now() + 1000).toISOString()

      const claimed = await Promise.all(Array.from({ length: 30 }, () => store.jobs.claim(now, 60_000)))

      const ids = claimed.filter((j) => j !== undefined).map((j) => j.id)
      expect(new Set(ids).size).toBe(ids.length)
    })

    it('view: repositories and versions with their newest scan', async () => {
      await store.registry.putManifest(manifest())
      await store.registry.setTag('team/app', 'v1', D(1))
      const scan = await store.scans.createScan('team/app', D(1))
      await store.scans.completeScan(scan.id, { report: '{}', counts: { critical: 1 }, newFindings: [], fixedFindings: [] })
      const reg = await store.externalRegistries.create({ url: 'http://127.0.0.1:5000', host: '127.0.0.1:5000', insecure: true, credentials: 'enc' })
      await store.externalRegistries.upsertImage({ registryId: reg.id, repository: '127.0.0.1:5000/lib/x', tag: 't', digest: D(4), mediaType: 'm', totalSize: 9 })

      const repos = await store.view.listRepositories()
      const versions = await store.view.listVersions('team/app')

      expect(repos.map((r) => [r.name, r.versions, r.source])).toEqual([
        ['127.0.0.1:5000/lib/x', 1, 'external'],
        ['team/app', 1, 'registry'],
      ])
      expect(versions).toMatchObject([{ tag: 'v1', digest: D(1), configDigest: D(2), totalSize: 5_000_000_000, signature: 'unsigned', scan: { status: 'completed', counts: { critical: 1 } } }])
      expect(await store.view.listVersions('127.0.0.1:5000/lib/x')).toMatchObject([{ tag: 't', totalSize: 9 }])
      expect(await store.externalRegistries.get(reg.id)).toMatchObject({ hasCredentials: true, insecure: true })
      expect(await store.externalRegistries.getCredentials(reg.id)).toBe('enc')
    })

    it('view: pages versions by tag with the scans of that page', async () => {
      for (let i = 1; i <= 5; i++) {
        await store.registry.putManifest(manifest({ digest: D(i) }))
        await store.registry.setTag('team/app', `v${i}`, D(i))
        await store.scans.createScan('team/app', D(i))
      }

      const page = await store.view.listVersions('team/app', { last: 'v2', n: 2 })

      expect(page.map((v) => [v.tag, v.scan?.digest])).toEqual([['v3', D(3)], ['v4', D(4)]])
      expect(await store.view.listVersions('team/app', { last: 'v5', n: 2 })).toEqual([])
    })

    it('keys: trusted keys round-trip, and signature states are stored per source and listed by the view', async () => {
      await store.registry.putManifest(manifest())
      await store.registry.setTag('team/app', 'v1', D(1))
      await store.registry.putManifest(manifest({ digest: D(5), subject: D(1), configDigest: D(6) }))
      const reg = await store.externalRegistries.create({ url: 'http://127.0.0.1:5000', host: '127.0.0.1:5000', insecure: true })
      await store.externalRegistries.upsertImage({ registryId: reg.id, repository: '127.0.0.1:5000/lib/x', tag: 't', digest: D(4), mediaType: 'm', totalSize: 9 })
      const a = await store.keys.add({ kind: 'pem', name: 'ci', key: 'PEM TEXT' })
      const b = await store.keys.add({ kind: 'pgp', name: 'release', key: 'PGP TEXT' })

      await store.keys.setSignature({ source: 'registry', repository: 'team/app', digest: D(1) }, 'signed')
      await store.keys.setSignature({ source: 'external', repository: '127.0.0.1:5000/lib/x', digest: D(4) }, 'invalid')
      const deleted = [await store.keys.delete(a.id), await store.keys.delete(a.id)]

      expect(await store.keys.list()).toEqual([b])
      expect(deleted).toEqual([true, false])
      expect(await store.view.listVersions('team/app')).toMatchObject([{ tag: 'v1', signature: 'signed' }])
      expect(await store.view.listVersions('127.0.0.1:5000/lib/x')).toMatchObject([{ tag: 't', signature: 'invalid' }])
      expect(await store.keys.listSignable(10)).toEqual([
        { source: 'registry', repository: 'team/app', digest: D(1), tag: 'v1' },
        { source: 'external', repository: '127.0.0.1:5000/lib/x', digest: D(4), tag: 't' },
      ])
      expect(await store.keys.listSignable(1)).toHaveLength(1)
      expect(await store.keys.subjectOf('team/app', D(5))).toBe(D(1))
      expect(await store.keys.subjectOf('team/app', D(1))).toBeUndefined()
      expect(await store.keys.tagOf('team/app', D(1))).toBe('v1')
    })

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true)
    })
  })
}
