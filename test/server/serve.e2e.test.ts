import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'
import { buildImage, writeOciLayout, type BuiltImage } from '../images.js'
import { freePort, skopeoPush } from '../registry.js'

const STATUS = [
  'Package: base-files', 'Status: install ok installed', 'Architecture: amd64', 'Version: 12.4+deb12u5', '',
  // glibc before 2.36-9+deb12u3: CVE-2023-4911 (DSA-5514-1, DEBIAN-CVE-2023-4911 in testdata/osv/debian)
  'Package: libc6', 'Status: install ok installed', 'Architecture: amd64', 'Source: glibc', 'Version: 2.36-9+deb12u1', '',
].join('\n')

interface Serve {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<number | null>
}

function serve(args: string[], env: NodeJS.ProcessEnv = {}): Serve {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/serve-cli.ts', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BULWARK_ADMIN_TOKEN: '', ...env },
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('bulwark serve end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-serve-'))
  let port = 0
  let s: Serve
  let admin = ''
  let image: BuiltImage
  const api = (path: string, token?: string): Promise<Response> =>
    fetch(`http://127.0.0.1:${port}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

  beforeAll(async () => {
    port = await freePort()
    s = serve(['--port', String(port), '--data', join(dir, 'data'), '--log-level', 'warn'])
    await waitFor(() => /listening/.test(s.stderr()) || s.child.exitCode !== null, 'the server to listen')
    admin = /admin token[^:]*: (\S+)/.exec(s.stdout())?.[1] ?? ''
    image = await buildImage({ layers: [{ files: { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'var/lib/dpkg/status': STATUS } }] })
  })
  afterAll(async () => {
    if (s.child.exitCode === null) s.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints an admin token once and guards everything but health and the OpenAPI document', async () => {
    expect(admin).toMatch(/^bwk_/)
    expect((await api('/healthz')).status).toBe(200)
    expect((await api('/readyz')).status).toBe(200)
    expect((await api('/api/openapi.json')).status).toBe(200)
    expect((await api('/api/v1/repositories')).status).toBe(401)
    expect((await api('/metrics')).status).toBe(401)
    expect((await api('/v2/')).status).toBe(401)
    expect((await api('/metrics', admin)).status).toBe(200)
  })

  it('a skopeo push is scanned by itself and listed with digest, image id and size', async () => {
    const layout = join(dir, 'layout')
    writeOciLayout(layout, [{ image, tag: 'v1' }])
    // the advisory database scans use: DATA/advisories.db, as `bulwark --data-dir DATA db update` writes it
    const db = await bulwark(['--data-dir', join(dir, 'data'), 'db', 'update', '--source', join('testdata', 'osv', 'debian')])
    expect(db.code, db.stderr).toBe(0)

    await skopeoPush(`oci:${layout}:v1`, `127.0.0.1:${port}`, 'team/app:v1', { login: { user: 'ci', password: admin } })

    type Versions = { versions: { tag: string; digest: string; imageId: string; size: number; scan?: { id: string; status: string } }[] }
    let body: Versions = { versions: [] }
    await waitFor(async () => {
      body = (await (await api(`/api/v1/repositories/${encodeURIComponent('team/app')}/versions`, admin)).json()) as Versions
      return ['completed', 'failed'].includes(body.versions[0]?.scan?.status ?? '')
    }, 'the scan-on-push to finish')
    const v = body.versions[0]
    const size = image.manifest.length + image.config.length + image.layers.reduce((a, l) => a + l.size, 0)
    expect(v).toMatchObject({ tag: 'v1', digest: image.manifestDigest, imageId: image.configDigest, size, scan: { status: 'completed' } })
    type Report = { artifact: Record<string, unknown>; packages: { name: string; layer?: { digest?: string } }[]; findings: { id: string; kind: string }[] }
    const scan = (await (await api(`/api/v1/scans/${v?.scan?.id ?? ''}`, admin)).json()) as { report: Report; counts?: Record<string, number> }
    expect(scan.report.packages.map((p) => p.name)).toContain('base-files')
    // the scan is the whole image scan: vulnerabilities from the data dir's database, image checks
    const vulns = scan.report.findings.filter((f) => f.kind === 'vulnerability').map((f) => f.id)
    expect(vulns).toEqual(expect.arrayContaining(['CVE-2023-4911']))
    expect(scan.report.findings.some((f) => f.kind === 'image-config')).toBe(true)
    expect(Object.values(v?.scan && 'counts' in v.scan ? (v.scan.counts as Record<string, number>) : {}).reduce((a, b) => a + b, 0)).toBe(scan.report.findings.length)
    // read from the blob store, reported as the image in the registry (not the scanner's temp layout)
    expect(scan.report.artifact).toMatchObject({
      name: `docker://127.0.0.1:${port}/team/app@${image.manifestDigest}`, type: 'registry', repository: `127.0.0.1:${port}/team/app`,
      manifestDigest: image.manifestDigest, configDigest: image.configDigest,
    })
    expect(scan.report.artifact).not.toHaveProperty('tag')
    expect(scan.report.packages.find((p) => p.name === 'base-files')?.layer?.digest).toBe(image.layers[0]?.digest)
  })

  it('stops cleanly on SIGTERM and keeps its data across a restart', async () => {
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)

    s = serve(['--port', String(port), '--data', join(dir, 'data'), '--log-level', 'warn'])
    await waitFor(() => /listening/.test(s.stderr()) || s.child.exitCode !== null, 'the restart')

    expect(s.stdout()).not.toMatch(/admin token/)
    const repos = (await (await api('/api/v1/repositories', admin)).json()) as { name: string; versions: number }[]
    expect(repos).toEqual([expect.objectContaining({ name: 'team/app', versions: 1 })])
  })

  it('kill -9 with a scan queued: the scan runs after restart', async () => {
    s.child.kill('SIGTERM')
    await s.exited
    const args = ['--port', String(port), '--data', join(dir, 'data'), '--log-level', 'warn']
    // No workers: the pushed image's scan job can only wait in the database.
    s = serve(args, { BULWARK_SCAN_CONCURRENCY: '0' })
    await waitFor(() => /listening/.test(s.stderr()) || s.child.exitCode !== null, 'the worker-less server')
    await skopeoPush(`oci:${join(dir, 'layout')}:v1`, `127.0.0.1:${port}`, 'team/app:v2', { login: { user: 'ci', password: admin } })
    const url = `/api/v1/repositories/${encodeURIComponent('team/app')}/versions`
    type Versions = { versions: { tag: string; scan?: { status: string } }[] }
    const before = ((await (await api(url, admin)).json()) as Versions).versions.find((v) => v.tag === 'v2')

    s.child.kill('SIGKILL')
    await s.exited
    s = serve(args)
    await waitFor(() => /listening/.test(s.stderr()) || s.child.exitCode !== null, 'the restart after kill -9')
    let after: Versions['versions'][number] | undefined
    await waitFor(async () => {
      after = ((await (await api(url, admin)).json()) as Versions).versions.find((v) => v.tag === 'v2')
      return after?.scan?.status === 'completed'
    }, 'the queued scan to run after restart')

    expect(before?.scan?.status).toBe('queued')
    expect(after?.scan?.status).toBe('completed')
  })
})

describe('bulwark serve on an unusable data dir', () => {
  it.each([
    { name: 'read-only', opts: 'ro,size=1m', want: /read-only/ },
    { name: 'full', opts: 'size=64k', want: /disk is full/ },
  ])('$name: a clear error and exit code 2', async ({ opts, want }) => {
    const mnt = mkdtempSync(join(tmpdir(), 'bulwark-mnt-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', mnt])
    try {
      if (!opts.startsWith('ro')) {
        try {
          writeFileSync(join(mnt, 'filler'), Buffer.alloc(1 << 20))
        } catch {
          // ENOSPC is the point: the filler takes whatever space there was.
        }
      }
      const s = serve(['--port', String(await freePort()), '--data', mnt])

      expect(await s.exited).toBe(2)
      expect(s.stderr()).toMatch(want)
      expect(s.stderr()).toMatch(/data directory/)
    } finally {
      execFileSync('umount', [mnt])
      rmSync(mnt, { recursive: true, force: true })
    }
  })
})
