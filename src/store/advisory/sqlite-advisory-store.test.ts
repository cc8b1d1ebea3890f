import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Advisory } from '../../core/index.js'
import { exportBundle, importBundle, openSqliteAdvisoryStore, verifyBundle } from './index.js'

const FIXTURES = join(import.meta.dirname, '../../../testdata/osv')

function fixture(path: string): { record: Advisory; json: string } {
  const json = readFileSync(join(FIXTURES, path), 'utf8')
  return { record: JSON.parse(json) as Advisory, json }
}

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-advdb-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('SqliteAdvisoryStore', () => {
  it('finds records by ecosystem and normalized package name', async () => {
    const store = openSqliteAdvisoryStore(':memory:')
    const yaml = fixture('pypi/GHSA-8q59-q68h-6hv4.json').record
    const lodash = fixture('npm/GHSA-p6mc-m468-83gw.json').record

    await store.put([yaml, lodash])

    expect((await store.findByPackage('PyPI', 'pyyaml')).map((r) => r.id)).toEqual([yaml.id])
    expect((await store.findByPackage('PyPI', 'PyYAML')).map((r) => r.id)).toEqual([yaml.id])
    expect((await store.findByPackage('npm', 'lodash-es')).map((r) => r.id)).toEqual([lodash.id])
    expect(await store.findByPackage('npm', 'LODASH')).toEqual([])
    expect(await store.findByPackage('Go', 'lodash')).toEqual([])
    expect((await store.getById(lodash.id))?.aliases).toEqual(['CVE-2020-8203'])
    store.close()
  })

  it('indexes the matchable part of each entry and reads records by handle', async () => {
    const store = openSqliteAdvisoryStore(':memory:')
    const lodash = fixture('npm/GHSA-p6mc-m468-83gw.json').record
    const withdrawn = { ...fixture('npm/GHSA-35jh-r3h4-6jhm.json').record, withdrawn: '2024-01-01T00:00:00Z' }
    await store.put([lodash, withdrawn])

    const seen: { key: number; ref: number; entries: unknown }[] = []
    await store.scanCandidates([['npm', 'lodash'], ['npm', 'left-pad'], ['npm', 'lodash-es']], (key, ref, entries) =>
      seen.push({ key, ref, entries }),
    )

    expect(seen.map((s) => s.key)).toEqual([0, 0, 2, 2])
    expect(seen[0]?.entries).toEqual([{ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.17.20' }] }] }])
    expect(seen[1]?.entries).toEqual([])
    const refs = seen.filter((s) => s.key === 0).map((s) => s.ref)
    expect((await store.getByRefs(refs)).map((r) => r.id)).toEqual([lodash.id, withdrawn.id])
    store.close()
  })

  it('re-indexes a replaced record: its old packages and ranges are gone', async () => {
    const store = openSqliteAdvisoryStore(':memory:')
    const { record } = fixture('npm/GHSA-p6mc-m468-83gw.json')
    await store.put([record])
    const newer = {
      ...record,
      modified: '2099-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, versions: ['4.17.15'] }],
    }

    await store.put([newer])

    const seen: [number, unknown][] = []
    await store.scanCandidates([['npm', 'lodash'], ['npm', 'lodash-es']], (key, _ref, entries) => seen.push([key, entries]))
    expect(seen).toEqual([[0, [{ versions: ['4.17.15'] }]]])
    expect((await store.findByPackage('npm', 'lodash-es')).length).toBe(0)
    store.close()
  })

  it('keeps the newer of two records with one id', async () => {
    const store = openSqliteAdvisoryStore(':memory:')
    const { record } = fixture('npm/GHSA-35jh-r3h4-6jhm.json')

    await store.put([{ ...record, modified: '2099-01-01T00:00:00Z', summary: 'newer' }])
    await store.put([{ ...record, summary: 'older' }])

    expect((await store.getById(record.id))?.summary).toBe('newer')
    store.close()
  })

  it('imports a source in one transaction, replacing its previous records', async () => {
    const store = openSqliteAdvisoryStore(':memory:')
    const a = fixture('npm/GHSA-p6mc-m468-83gw.json')
    const b = fixture('npm/GHSA-xvch-5gv4-984h.json')
    const first = store.beginImport('feed')
    first.add(a.record, a.json)
    first.add(b.record, b.json)
    await first.commit({ etag: '"v1"', url: 'http://127.0.0.1/feed.zip' })

    const second = store.beginImport('feed')
    second.add(b.record, b.json)
    await second.commit({ etag: '"v2"' })
    const rolled = store.beginImport('feed')
    rolled.add(a.record, a.json)
    rolled.rollback()

    expect(await store.getById(a.record.id)).toBeUndefined()
    expect((await store.getById(b.record.id))?.id).toBe(b.record.id)
    const meta = await store.metadata()
    expect(meta.records).toBe(1)
    expect(meta.ecosystems).toEqual({ npm: 1 })
    expect(meta.sources).toMatchObject([{ name: 'feed', etag: '"v2"', records: 1 }])
    expect(meta.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(await store.source('feed')).toMatchObject({ etag: '"v2"' })
    store.close()
  })

  it('refuses a second concurrent import and writes on a read-only store', async () => {
    const dir = tempDir()
    const path = join(dir, 'adv.db')
    const w = openSqliteAdvisoryStore(path)
    await w.put([fixture('npm/GHSA-p6mc-m468-83gw.json').record])
    const tx = w.beginImport('x')

    expect(() => w.beginImport('y')).toThrow(expect.objectContaining({ code: 'DB_READ_ONLY' }))
    tx.rollback()
    w.close()
    const r = openSqliteAdvisoryStore(path, { readonly: true })

    expect((await r.findByPackage('npm', 'lodash')).length).toBe(1)
    await expect(r.put([])).rejects.toMatchObject({ name: 'AdvisoryError', code: 'DB_READ_ONLY' })
    r.close()
  })

  it.each([
    { name: 'missing file', content: undefined, code: 'DB_NOT_FOUND' },
    { name: 'not SQLite', content: 'hello, I am not a database'.repeat(200), code: 'DB_CORRUPT' },
  ])('read-only open of a $name fails with $code', ({ content, code }) => {
    const path = join(tempDir(), 'adv.db')
    if (content !== undefined) writeFileSync(path, content)

    expect(() => openSqliteAdvisoryStore(path, { readonly: true })).toThrow(
      expect.objectContaining({ name: 'AdvisoryError', code }),
    )
  })

  it('reports a damaged stored record as DB_CORRUPT', async () => {
    const path = join(tempDir(), 'adv.db')
    const w = openSqliteAdvisoryStore(path)
    await w.put([fixture('npm/GHSA-p6mc-m468-83gw.json').record])
    w.connection.prepare("UPDATE records SET json = '{broken'").run()
    w.close()
    const r = openSqliteAdvisoryStore(path, { readonly: true })

    await expect(r.findByPackage('npm', 'lodash')).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('GHSA-p6mc-m468-83gw'),
    })
    const refs: number[] = []
    await r.scanCandidates([['npm', 'lodash']], (_k, ref) => refs.push(ref))
    await expect(r.getByRefs(refs)).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('GHSA-p6mc-m468-83gw'),
    })
    r.close()
  })

  it('refuses a SQLite file that is not an advisory database', async () => {
    const path = join(tempDir(), 'other.db')
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(path)
    db.exec('CREATE TABLE t (x)')
    db.close()

    expect(() => openSqliteAdvisoryStore(path, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'DB_SCHEMA_MISMATCH' }),
    )
  })
  it('refuses a database of another schema version and says how to rebuild it', async () => {
    const path = join(tempDir(), 'old.db')
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(path)
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '1')")
    db.close()

    expect(() => openSqliteAdvisoryStore(path, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'DB_SCHEMA_MISMATCH', message: expect.stringContaining('db update') }),
    )
  })
})

describe('offline bundle', () => {
  it('exports, verifies and installs a bundle; a tampered one is refused', async () => {
    const dir = tempDir()
    const dbPath = join(dir, 'adv.db')
    const store = openSqliteAdvisoryStore(dbPath)
    await store.put([
      fixture('npm/GHSA-p6mc-m468-83gw.json').record,
      fixture('maven/GHSA-2qrg-x229-3v8q.json').record,
    ])
    store.close()
    const bundle = join(dir, 'bundle.db')

    const { digest } = exportBundle(dbPath, bundle)
    const target = join(dir, 'installed.db')
    importBundle(bundle, target)

    expect(verifyBundle(bundle).digest).toBe(digest)
    const installed = openSqliteAdvisoryStore(target, { readonly: true })
    expect((await installed.findByPackage('Maven', 'log4j:log4j')).map((r) => r.id)).toEqual([
      'GHSA-2qrg-x229-3v8q',
    ])
    installed.close()

    const { default: Database } = await import('better-sqlite3')
    const db = new Database(bundle)
    db.prepare("UPDATE records SET json = replace(json, '4.17.20', '4.17.99')").run()
    db.close()
    expect(() => importBundle(bundle, target)).toThrow(
      expect.objectContaining({ code: 'DB_CORRUPT', message: expect.stringContaining('digest') }),
    )
    const still = openSqliteAdvisoryStore(target, { readonly: true })
    expect((await still.metadata()).records).toBe(2)
    still.close()
  })

  it('refuses a truncated bundle', () => {
    const dir = tempDir()
    const dbPath = join(dir, 'adv.db')
    openSqliteAdvisoryStore(dbPath).close()
    const bundle = join(dir, 'bundle.db')
    exportBundle(dbPath, bundle)
    const bytes = readFileSync(bundle)
    writeFileSync(bundle, bytes.subarray(0, Math.floor(bytes.length / 2)))

    expect(() => importBundle(bundle, join(dir, 'x.db'))).toThrow(
      expect.objectContaining({ name: 'AdvisoryError' }),
    )
  })
})
