import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, writeOciLayout, type BuiltImage } from '../images.js'
import { skopeoPush, startRegistry, type RunningRegistry } from '../registry.js'
import { openTestServer, type TestServer } from './harness.js'

const STATUS = [
  ['Package: zlib1g', 'Status: install ok installed', 'Architecture: amd64', 'Source: zlib', 'Version: 1:1.2.13.dfsg-1', ''].join('\n'),
  ['Package: libc6', 'Status: install ok installed', 'Architecture: amd64', 'Source: glibc', 'Version: 2.36-9+deb12u4', ''].join('\n'),
].join('\n')

interface Version {
  tag: string
  digest: string
  size: number
  scan?: { id: string; status: string; counts?: Record<string, number> }
}

describe('external registries (Debian docker-registry)', () => {
  let reg: RunningRegistry
  let t: TestServer
  let base = ''
  let image: BuiltImage
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-ext-'))

  async function api(method: string, path: string, body?: object): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  }

  async function completedVersions(repo: string): Promise<Version[]> {
    for (let i = 0; i < 300; i++) {
      const res = await api('GET', `/api/v1/repositories/${encodeURIComponent(repo)}/versions`)
      if (res.status === 200) {
        const { versions } = (await res.json()) as { versions: Version[] }
        if (versions.length > 0 && versions.every((v) => v.scan?.status === 'completed' || v.scan?.status === 'failed')) return versions
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`no completed scans in ${repo}`)
  }

  beforeAll(async () => {
    reg = await startRegistry()
    t = await openTestServer()
    base = await t.server.start()
    image = await buildImage({ layers: [{ files: { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'var/lib/dpkg/status': STATUS } }] })
    writeOciLayout(join(dir, 'layout'), [{ image, tag: 'v1' }])
  })
  afterAll(async () => {
    await t.close()
    await reg.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('walks the catalog, stores versions under the registry host and scans them like pushed images', async () => {
    await skopeoPush(`oci:${join(dir, 'layout')}:v1`, reg.host, 'lib/app:v1')
    await skopeoPush(`oci:${join(dir, 'layout')}:v1`, base.replace(/^http:\/\//, ''), 'lib/app:v1', { login: { user: 'x', password: t.admin } })

    const created = await api('POST', '/api/v1/registries', { url: reg.url })
    const { id } = (await created.json()) as { id: string }
    const queued = await api('POST', `/api/v1/registries/${id}/scan`)
    const external = await completedVersions(`${reg.host}/lib/app`)
    const internal = await completedVersions('lib/app')

    expect(created.status).toBe(201)
    expect(queued.status).toBe(202)
    expect(external).toMatchObject([{ tag: 'v1', digest: image.manifestDigest, size: internal[0]?.size, scan: { status: 'completed' } }])
    const report = async (v: Version | undefined) => {
      const body = (await (await api('GET', `/api/v1/scans/${v?.scan?.id ?? ''}`)).json()) as { report: { packages: { purl?: string }[]; findings: { id: string }[] } }
      return { purls: body.report.packages.map((p) => p.purl).sort(), findings: body.report.findings.map((f) => f.id).sort() }
    }
    const ext = await report(external[0])
    expect(ext.purls.length).toBe(2)
    expect(ext).toEqual(await report(internal[0]))
    expect(external[0]?.scan?.counts).toEqual(internal[0]?.scan?.counts)
  })
})
