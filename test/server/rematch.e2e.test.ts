import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'
import { buildImage, writeOciLayout } from '../images.js'
import { skopeoPush } from '../registry.js'
import { openTestServer, type TestServer } from './harness.js'

const OSV = join(import.meta.dirname, '..', '..', 'testdata', 'osv', 'debian')
const STATUS = [
  // glibc before 2.36-9+deb12u3: CVE-2023-4911 (DSA-5514-1)
  'Package: libc6', 'Status: install ok installed', 'Architecture: amd64', 'Source: glibc', 'Version: 2.36-9+deb12u1', '',
  // util-linux, no fix in Debian 12: CVE-2024-28085 (DEBIAN-CVE-2024-28085)
  'Package: util-linux', 'Status: install ok installed', 'Architecture: amd64', 'Version: 2.38.1-5+b1', '',
].join('\n')

interface Version { tag: string; scan?: { id: string; status: string; counts?: Record<string, number> } }
interface Scan { scan: { id: string; status: string; newFindings?: string[]; fixedFindings?: string[] }; report: { artifact: unknown; packages: unknown[]; findings: { id: string; kind: string }[] } }

describe('re-matching stored scans when the advisory database changes', () => {
  let t: TestServer
  let base = ''
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-rematch-'))
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t.admin}` } })).json()) as T
  const version = async (): Promise<Version | undefined> => (await api<{ versions: Version[] }>('/api/v1/repositories/app/versions')).versions[0]
  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const got = await probe()
      if (got !== undefined) return got
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  const dbUpdate = async (source: string): Promise<void> => {
    const r = await bulwark(['db', 'update', '--db', join(t.dir, 'advisories.db'), '--source', source, '--quiet'])
    expect(r.code, r.stderr).toBe(0)
  }
  const vulns = (s: Scan): string[] => s.report.findings.filter((f) => f.kind === 'vulnerability').map((f) => f.id).sort()

  beforeAll(async () => {
    t = await openTestServer({ scheduleTickMs: 100 })
    base = await t.server.start()
  })
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('matches the latest scan of each image again, stores it only when findings changed', async () => {
    const older = join(dir, 'older')
    mkdirSync(older)
    copyFileSync(join(OSV, 'DSA-5514-1.json'), join(older, 'DSA-5514-1.json'))
    await dbUpdate(older)
    const image = await buildImage({ layers: [{ files: { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'var/lib/dpkg/status': STATUS } }] })
    writeOciLayout(join(dir, 'layout'), [{ image, tag: 'v1' }])
    await skopeoPush(`oci:${join(dir, 'layout')}:v1`, base.replace('http://', ''), 'app:v1', { login: { user: 'ci', password: t.admin } })
    const first = await until('the scan-on-push', async () => {
      const v = await version()
      return v?.scan?.status === 'completed' ? await api<Scan>(`/api/v1/scans/${v.scan.id}`) : undefined
    })
    expect(vulns(first)).toEqual(['CVE-2023-4911'])

    await dbUpdate(OSV) // adds DEBIAN-CVE-2024-28085 among others
    const second = await until('the re-match', async () => {
      const v = await version()
      return v?.scan && v.scan.id !== first.scan.id && v.scan.status === 'completed' ? await api<Scan>(`/api/v1/scans/${v.scan.id}`) : undefined
    })

    expect(vulns(second)).toEqual(['CVE-2023-4911', 'CVE-2024-28085', 'CVE-2024-2961'])
    expect(second.scan.newFindings).toEqual(['CVE-2024-28085', 'CVE-2024-2961'])
    expect(second.scan.fixedFindings).toEqual([])
    expect(second.report.artifact).toEqual(first.report.artifact)
    expect(second.report.packages).toEqual(first.report.packages)
    expect(second.report.findings.filter((f) => f.kind !== 'vulnerability')).toEqual(first.report.findings.filter((f) => f.kind !== 'vulnerability'))

    // the same advisories written again: matched again (one more job done), nothing new, nothing stored
    const done = async (): Promise<number> => (await t.server.store.jobs.countByStatus()).done ?? 0
    const jobsBefore = await done()
    await dbUpdate(OSV)
    await until('the second re-match', async () => ((await done()) > jobsBefore ? true : undefined))
    expect(await done()).toBe(jobsBefore + 1)
    expect((await version())?.scan?.id).toBe(second.scan.id)
    expect(await t.server.store.scans.listScans('app')).toHaveLength(2)

    // an admin can ask for it too (POST /api/v1/scans/rematch, audited)
    const asked = await fetch(`${base}/api/v1/scans/rematch`, { method: 'POST', headers: { authorization: `Bearer ${t.admin}` } })
    expect(asked.status).toBe(202)
    expect(await asked.json()).toEqual({ queued: 1 })
    await t.server.queue.idle()
    expect((await api<{ action: string; detail?: string }[]>('/api/v1/audit')).find((e) => e.action === 'scans.rematch')).toMatchObject({ detail: '1' })

    // an image deleted from the registry keeps its scans but is not matched again
    expect(await t.server.rematchAll()).toBe(1)
    await t.server.queue.idle()
    const del = await fetch(`${base}/v2/app/manifests/${image.manifestDigest}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.admin}` } })
    expect(del.status).toBe(202)
    expect(await t.server.rematchAll()).toBe(0)
  })
})
