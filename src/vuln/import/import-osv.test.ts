import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteAdvisoryStore } from '../../store/advisory/index.js'
import { importOsv } from './import-osv.js'
import { writeZip } from '../../../test/zip.js'

const FIXTURES = join(import.meta.dirname, '../../../testdata/osv')

function filesOf(dir: string): { name: string; data: string }[] {
  return readdirSync(join(FIXTURES, dir)).map((f) => ({
    name: f,
    data: readFileSync(join(FIXTURES, dir, f), 'utf8'),
  }))
}

const cleanup: (() => void)[] = []
afterEach(() => {
  for (const c of cleanup.splice(0)) c()
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-import-'))
  cleanup.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}

/** Serves one zip with an ETag and Last-Modified, answering conditional requests with 304. */
async function serveZip(body: Buffer): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = []
  const etag = '"osv-1"'
  const lastModified = 'Tue, 01 Oct 2024 10:00:00 GMT'
  const server: Server = createServer((req, res) => {
    seen.push(req.headers)
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end()
      return
    }
    res.writeHead(200, { etag, 'last-modified': lastModified, 'content-type': 'application/zip' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => server.close())
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/npm/all.zip`, seen }
}

describe('importOsv', () => {
  it('imports a directory, counting and explaining bad files', async () => {
    const dir = tempDir()
    for (const f of filesOf('npm')) writeFileSync(join(dir, f.name), f.data)
    mkdirSync(join(dir, 'nested'))
    writeFileSync(join(dir, 'nested', 'broken.json'), '{"id": "X"')
    writeFileSync(join(dir, 'nested', 'no-id.json'), '{"modified": "2024-01-01T00:00:00Z"}')
    writeFileSync(join(dir, 'README.txt'), 'not a record')
    const store = openSqliteAdvisoryStore(':memory:')

    const report = await importOsv(dir, store)

    expect(report).toMatchObject({ status: 'imported', imported: 3, skipped: 2, filtered: 0 })
    expect(report.problems.map((p) => p.entry).sort()).toEqual([
      join('nested', 'broken.json'),
      join('nested', 'no-id.json'),
    ])
    expect((await store.findByPackage('npm', 'minimist')).map((r) => r.id)).toEqual([
      'GHSA-xvch-5gv4-984h',
    ])
    store.close()
  })

  it('imports a zip and keeps only the requested ecosystems', async () => {
    const path = join(tempDir(), 'all.zip')
    writeFileSync(path, writeZip([...filesOf('npm'), ...filesOf('go'), ...filesOf('maven')]))
    const store = openSqliteAdvisoryStore(':memory:')

    const report = await importOsv({ kind: 'zip', path }, store, { ecosystems: ['Go', 'Maven'] })

    expect(report).toMatchObject({ imported: 5, skipped: 0, filtered: 3 })
    expect(Object.keys((await store.metadata()).ecosystems).sort()).toEqual(['Go', 'Maven'])
    store.close()
  })

  it('fails a corrupt zip with ARCHIVE_CORRUPT and keeps the source as it was', async () => {
    const dir = tempDir()
    const good = join(dir, 'good.zip')
    writeFileSync(good, writeZip(filesOf('npm')))
    const store = openSqliteAdvisoryStore(':memory:')
    await importOsv({ kind: 'zip', path: good, name: 'npm' }, store)
    const bad = join(dir, 'bad.zip')
    const bytes = writeZip(filesOf('go'))
    writeFileSync(bad, Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(300, 0x41)]))

    await expect(importOsv({ kind: 'zip', path: bad, name: 'npm' }, store)).rejects.toMatchObject({
      name: 'AdvisoryError',
      code: 'ARCHIVE_CORRUPT',
    })
    expect((await store.metadata()).records).toBe(3)
    store.close()
  })

  it('fetches a URL once and sends the validators next time (304: nothing re-imported)', async () => {
    const zip = writeZip(filesOf('npm'))
    const { url, seen } = await serveZip(zip)
    const store = openSqliteAdvisoryStore(':memory:')

    const first = await importOsv(url, store)
    const second = await importOsv(url, store)

    expect(first).toMatchObject({ status: 'imported', imported: 3 })
    expect(second).toMatchObject({ status: 'not-modified', imported: 0 })
    expect(seen[0]?.['if-none-match']).toBeUndefined()
    expect(seen[1]?.['if-none-match']).toBe('"osv-1"')
    expect(seen[1]?.['if-modified-since']).toBe('Tue, 01 Oct 2024 10:00:00 GMT')
    expect(await store.source(url)).toMatchObject({ etag: '"osv-1"', records: 3, url })
    expect((await store.metadata()).records).toBe(3)
    store.close()
  })

  it('reports a feed error as OSV_FEED_UNAVAILABLE', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end('down'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => server.close())
    const { port } = server.address() as AddressInfo
    const store = openSqliteAdvisoryStore(':memory:')

    await expect(importOsv(`http://127.0.0.1:${port}/x/all.zip`, store)).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'OSV_FEED_UNAVAILABLE',
    })
    store.close()
  })

  it('rejects a path that does not exist', async () => {
    const store = openSqliteAdvisoryStore(':memory:')

    await expect(importOsv('/nonexistent/osv', store)).rejects.toMatchObject({
      code: 'SOURCE_INVALID',
    })
    store.close()
  })
})
