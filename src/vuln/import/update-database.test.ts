import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AdvisoryStore } from '../../core/index.js'
import { openSqliteAdvisoryStore } from '../../store/advisory/index.js'
import { osvEcosystemUrls, updateDatabase } from './update-database.js'
import { writeZip } from '../../../test/zip.js'

const FIXTURES = join(import.meta.dirname, '../../../testdata/osv')

function zipOf(dir: string): Buffer {
  return writeZip(
    readdirSync(join(FIXTURES, dir)).map((f) => ({
      name: f,
      data: readFileSync(join(FIXTURES, dir, f), 'utf8'),
    })),
  )
}

/** Flips bytes inside the first entry's compressed data: the directory stays valid. */
function corruptData(zip: Buffer): Buffer {
  const copy = Buffer.from(zip)
  const nameLength = copy.readUInt16LE(26)
  const start = 30 + nameLength
  for (let i = start + 2; i < start + 40; i++) copy[i] = (copy[i] ?? 0) ^ 0xff
  return copy
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function setup(): { dir: string; db: string; npm: string; go: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-update-'))
  dirs.push(dir)
  const npm = join(dir, 'npm.zip')
  const go = join(dir, 'go.zip')
  writeFileSync(npm, zipOf('npm'))
  writeFileSync(go, zipOf('go'))
  return { dir, db: join(dir, 'advisories.db'), npm, go }
}

const openStore = (path: string): AdvisoryStore => openSqliteAdvisoryStore(path)

async function idsIn(db: string, ecosystem: string, name: string): Promise<string[]> {
  const store = openSqliteAdvisoryStore(db, { readonly: true })
  try {
    return (await store.findByPackage(ecosystem, name)).map((r) => r.id).sort()
  } finally {
    store.close()
  }
}

describe('updateDatabase', () => {
  it('builds a new database from several sources and renames it into place', async () => {
    const { dir, db, npm, go } = setup()

    const report = await updateDatabase({ path: db, sources: [npm, go], openStore })

    expect(report.records).toBe(7)
    expect(report.sources.map((s) => s.status)).toEqual(['imported', 'imported'])
    expect(await idsIn(db, 'npm', 'lodash')).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw'])
    expect(readdirSync(dir).filter((f) => f.includes('.update-'))).toEqual([])
  })

  it('keeps the previous records of a source whose new archive is corrupt', async () => {
    const { db, npm, go } = setup()
    await updateDatabase({ path: db, sources: [npm, go], openStore })
    writeFileSync(go, corruptData(zipOf('go')))

    const report = await updateDatabase({ path: db, sources: [npm, go], openStore })

    expect(report.sources[0]).toMatchObject({ status: 'imported', imported: 3 })
    expect(report.sources[1]).toMatchObject({ status: 'failed', code: 'ARCHIVE_CORRUPT' })
    expect(await idsIn(db, 'Go', 'github.com/opencontainers/runc')).toEqual([
      'GHSA-xr7r-f8xq-vfvv',
      'GO-2024-2491',
      'GO-2025-3543',
    ])
  })

  it('leaves the old database untouched when the update is interrupted', async () => {
    const { dir, db, npm, go } = setup()
    await updateDatabase({ path: db, sources: [npm], openStore })
    const before = readFileSync(db)
    const crashing = (path: string): AdvisoryStore => {
      const store = openSqliteAdvisoryStore(path)
      return Object.assign(Object.create(store) as AdvisoryStore, {
        metadata: () => Promise.reject(new Error('killed')),
        close: () => store.close(),
        beginImport: (s: string) => store.beginImport(s),
        source: (s: string) => store.source(s),
      })
    }

    await expect(
      updateDatabase({ path: db, sources: [go], openStore: crashing }),
    ).rejects.toThrow('killed')
    expect(readFileSync(db).equals(before)).toBe(true)
    expect(await idsIn(db, 'Go', 'github.com/opencontainers/runc')).toEqual([])
    expect(readdirSync(dir).filter((f) => f.includes('.update-'))).toEqual([])
  })

  it('removes copies abandoned by killed updates, not those of running ones', async () => {
    const { dir, db, npm } = setup()
    const dead = join(dir, 'advisories.db.update-999999999-abcd')
    const running = join(dir, `advisories.db.update-${process.ppid}-abcd`)
    writeFileSync(dead, 'partial')
    writeFileSync(running, 'in progress')

    await updateDatabase({ path: db, sources: [npm], openStore })

    expect(existsSync(dead)).toBe(false)
    expect(existsSync(running)).toBe(true)
  })

  it('replaces an unreadable old database instead of failing', async () => {
    const { db, npm } = setup()
    writeFileSync(db, 'garbage'.repeat(1000))

    const report = await updateDatabase({ path: db, sources: [npm], openStore })

    expect(report.records).toBe(3)
    expect(existsSync(db)).toBe(true)
  })

  it('rebuilds a database an older bulwark wrote (another schema version)', async () => {
    const { db, npm } = setup()
    const { default: Database } = await import('better-sqlite3')
    const old = new Database(db)
    old.exec(
      'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);' +
        "INSERT INTO meta VALUES ('schema_version', '1');" +
        'CREATE TABLE records (id INTEGER PRIMARY KEY, osv_id TEXT, source TEXT, modified TEXT, json TEXT)',
    )
    old.close()

    const report = await updateDatabase({ path: db, sources: [npm], openStore })

    expect(report.records).toBe(3)
    expect(await idsIn(db, 'npm', 'minimist')).toEqual(['GHSA-xvch-5gv4-984h'])
  })

  it('builds one all.zip URL per ecosystem', () => {
    expect(osvEcosystemUrls('http://127.0.0.1:8000/osv', ['npm', 'Debian', 'crates.io'])).toEqual([
      'http://127.0.0.1:8000/osv/npm/all.zip',
      'http://127.0.0.1:8000/osv/Debian/all.zip',
      'http://127.0.0.1:8000/osv/crates.io/all.zip',
    ])
  })
})
