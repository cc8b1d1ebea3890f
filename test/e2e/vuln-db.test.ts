import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwarkIn, type CliResult } from '../cli.js'
import { writeZip } from '../zip.js'

const OSV = join(import.meta.dirname, '../../testdata/osv')

/** `bulwark ARGS` in process, colour off. */
function cli(args: readonly string[]): Promise<CliResult> {
  return bulwarkIn({ ...process.env, NO_COLOR: '1' }, args)
}

function zipOf(dir: string): Buffer {
  return writeZip(readdirSync(join(OSV, dir)).map((f) => ({ name: f, data: readFileSync(join(OSV, dir, f)) })))
}

let dir: string
let server: ReturnType<typeof createServer>
let base: string
const seen: { url: string; headers: IncomingHttpHeaders; status: number }[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-vuln-db-'))
  const zips: Record<string, Buffer> = { '/npm/all.zip': zipOf('npm'), '/Maven/all.zip': zipOf('maven') }
  server = createServer((req, res) => {
    const body = zips[req.url ?? '']
    const etag = `"${req.url}-v1"`
    const status = !body ? 404 : req.headers['if-none-match'] === etag ? 304 : 200
    seen.push({ url: req.url ?? '', headers: req.headers, status })
    if (status !== 200) return void res.writeHead(status).end()
    res.writeHead(200, { etag, 'content-type': 'application/zip' }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('bulwark db', () => {
  it('updates from an OSV zip over HTTP, then gets 304 and does not refetch', async () => {
    const db = join(dir, 'http.db')
    const args = ['db', 'update', '--db', db, '--source', `${base}/npm/all.zip`, '--source', `${base}/Maven/all.zip`]

    const first = await cli(args)
    const second = await cli(args)

    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`${base}/npm/all.zip: 3 imported`)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain(`${base}/npm/all.zip: not modified`)
    expect(second.stdout).toContain('4 records')
    const npm = seen.filter((s) => s.url === '/npm/all.zip')
    expect(npm.map((s) => s.status)).toEqual([200, 304])
    expect(npm[1]?.headers['if-none-match']).toBe('"/npm/all.zip-v1"')
    const status = await cli(['db', 'status', '--db', db, '--format', 'json'])
    const meta = JSON.parse(status.stdout) as { records: number; ecosystems: Record<string, number>; sources: { name: string }[] }
    expect(meta.records).toBe(4)
    expect(meta.ecosystems).toEqual({ npm: 3, Maven: 1 })
    expect(meta.sources.map((s) => s.name).sort()).toEqual([`${base}/Maven/all.zip`, `${base}/npm/all.zip`])
  })

  it('keeps the old database when a source fails, and fails (exit 2) when every source does', async () => {
    const db = join(dir, 'fail.db')
    await cli(['db', 'update', '--db', db, '--source', `${base}/npm/all.zip`])

    const partial = await cli(['db', 'update', '--db', db, '--source', `${base}/npm/all.zip`, '--source', `${base}/Nope/all.zip`])
    const none = await cli(['db', 'update', '--db', db, '--source', `${base}/Nope/all.zip`])

    expect(partial.code).toBe(0)
    expect(partial.stderr).toContain('HTTP 404')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('every source failed')
    const status = JSON.parse((await cli(['db', 'status', '--db', db, '--format', 'json'])).stdout) as { records: number }
    expect(status.records).toBe(3)
  })

  it('imports a directory, shows status, exports and imports a bundle', async () => {
    const db = join(dir, 'dir.db')
    const bundle = join(dir, 'bundle.db')
    const copy = join(dir, 'copy.db')

    const up = await cli(['db', 'update', '--db', db, '--source', OSV, '--ecosystems', 'npm,Debian'])
    const exp = await cli(['db', 'export', bundle, '--db', db])
    const imp = await cli(['db', 'import', bundle, '--db', copy])
    const status = await cli(['db', 'status', '--db', copy])

    expect([up.code, exp.code, imp.code, status.code]).toEqual([0, 0, 0, 0])
    expect(status.stdout).toMatch(/Debian:12\s+7/)
    expect(status.stdout).toMatch(/npm\s+4/)
    expect(status.stdout).not.toContain('Maven')
    expect(status.stdout).toMatch(/Updated: .*\(age: 0\.\d hours\)/)
  })

  it.each([
    { name: 'status without a database', args: (d: string) => ['db', 'status', '--db', join(d, 'none.db')] },
    { name: 'import of a missing bundle', args: (d: string) => ['db', 'import', join(d, 'none.db'), '--db', join(d, 'x.db')] },
    { name: 'import of a file that is not a bundle', args: (d: string) => ['db', 'import', join(d, 'junk'), '--db', join(d, 'x.db')] },
    { name: 'update from a missing path', args: (d: string) => ['db', 'update', '--db', join(d, 'x.db'), '--source', join(d, 'nope')] },
  ])('exits 2 on $name', async ({ args }) => {
    writeFileSync(join(dir, 'junk'), 'not sqlite at all'.repeat(100))

    const r = await cli(args(dir))

    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bulwark: /)
  })
})
