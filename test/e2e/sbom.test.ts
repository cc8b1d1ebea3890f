import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Package, ScanReport } from '../../src/core/index.js'
import { bulwark } from '../cli.js'
import { ensureTestImage, type TestImage } from '../fixtures.js'
import { skopeoPush, startRegistry, type RunningRegistry } from '../registry.js'
import { cycloneDxValidator, spdxValidator } from '../schemas.js'

let image: TestImage
let registry: RunningRegistry
let cacheDir: string

beforeAll(async () => {
  image = await ensureTestImage()
  registry = await startRegistry()
  await skopeoPush(image.ociRef, registry.host, 'bulwark/test:latest')
  cacheDir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-cache-'))
})

afterAll(async () => {
  await registry?.stop()
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true })
})

async function sbom(ref: string, extra: string[] = []): Promise<ScanReport> {
  const r = await bulwark(['sbom', ref, '--format', 'json', '--no-cache', ...extra])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as ScanReport
}

const identity = (p: Package) => `${p.purl} ${p.layer?.index ?? '-'} ${p.locations.map((l) => l.path).join(',')}`

describe('bulwark sbom on the real Debian test image', () => {
  it('lists exactly the dpkg set that dpkg-query sees in the rootfs', async () => {
    const report = await sbom(image.ociRef)

    const debs = report.packages
      .filter((p) => p.type === 'deb')
      .map((p) => `${p.name}\t${p.version}\t${p.arch}`)
      .sort()
    const want = image.expectedDpkg.map((r) => `${r.name}\t${r.version}\t${r.arch}`).sort()
    expect(debs).toEqual(want)
    expect(report.os).toMatchObject({ family: 'debian', version: '12' })
    const bash = report.packages.find((p) => p.name === 'bash')
    expect(bash?.purl).toMatch(/^pkg:deb\/debian\/bash@[^?]+\?arch=amd64&distro=debian-12$/)
    expect(bash?.files).toContain('bin/bash')
  })

  it('gives binary packages whose doc folder links to a sibling\'s the licenses of their source', async () => {
    const report = await sbom(image.ociRef)

    const byName = new Map(report.packages.filter((p) => p.type === 'deb').map((p) => [p.name, p]))
    const base = byName.get('gcc-12-base')
    expect(base?.licenses).toContain('GPL-3')
    // usr/share/doc/libgcc-s1 and usr/share/doc/libstdc++6 are symbolic links to gcc-12-base
    for (const name of ['libgcc-s1', 'libstdc++6']) {
      expect(byName.get(name)?.source).toEqual(base?.source)
      expect(byName.get(name)?.licenses).toEqual(base?.licenses)
    }
  })

  it('finds every extra artifact with its purl, in the layer that added it', async () => {
    const report = await sbom(image.ociRef)

    const purls = new Map(report.packages.map((p) => [p.purl, p]))
    for (const extra of image.extras.packages) {
      const p = purls.get(extra.purl)
      expect(p, extra.purl).toBeDefined()
      expect(p?.layer?.index).toBe(1)
      expect(p?.locations.map((l) => `/${l.path}`)).toContain(extra.path)
    }
    for (const go of image.extras.go) {
      for (const m of go.modules.filter((m) => m.kind === 'dep')) expect(purls.has(m.purl), m.purl).toBe(true)
      expect(purls.has(`pkg:golang/stdlib@${go.goVersion?.replace(/^go/, 'v')}`)).toBe(true)
    }
    expect(purls.get('pkg:maven/log4j/log4j@1.2.17')?.evidence).toBeDefined()
  })

  it('does not report the package whose files an upper layer deleted', async () => {
    const report = await sbom(image.ociRef)

    const purls = new Set(report.packages.map((p) => p.purl))
    expect(image.extras.deleted.length).toBeGreaterThan(0)
    for (const gone of image.extras.deleted.flatMap((d) => d.packages)) expect(purls.has(gone.purl)).toBe(false)
  })

  it('gives the same packages from docker-archive, oci, oci-archive and the registry', async () => {
    const refs = [image.ociRef, image.dockerArchiveRef, image.ociArchiveRef, `docker://${registry.host}/bulwark/test:latest`]

    const results = []
    for (const ref of refs) {
      const report = await sbom(ref, ref.startsWith('docker://') ? ['--insecure'] : [])
      results.push(report.packages.map(identity).sort())
    }

    for (const r of results.slice(1)) expect(r).toEqual(results[0])
    expect(results[0]?.length).toBeGreaterThan(90)
  })

  it('reads an unpacked root filesystem', async () => {
    const report = await sbom(image.rootfsRef)

    const debs = report.packages.filter((p) => p.type === 'deb').map((p) => `${p.name}\t${p.version}\t${p.arch}`).sort()
    expect(debs).toEqual(image.expectedDpkg.map((r) => `${r.name}\t${r.version}\t${r.arch}`).sort())
  })

  it('shows per layer what it added and removed', async () => {
    const r = await bulwark(['image', 'layers', image.ociRef, '--format', 'json', '--no-cache'])

    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as {
      layers: { layer: { index: number; createdBy?: string }; added: { name: string }[]; removed: { name: string }[] }[]
    }
    expect(out.layers).toHaveLength(3)
    expect(out.layers[0]?.added.map((p) => p.name)).toContain('bash')
    expect(out.layers[1]?.added.map((p) => p.name)).toEqual(expect.arrayContaining(['lodash', 'minimist', 'left-pad']))
    expect(out.layers[2]?.removed.map((p) => p.name)).toContain('left-pad')
    expect(out.layers.every((l) => l.layer.createdBy)).toBe(true)
  })

  it('serves the second scan of an unchanged image from the layer cache with identical results', async () => {
    const first = await bulwark(['sbom', image.ociRef, '--format', 'json', '--cache-dir', cacheDir])
    const second = await bulwark(['sbom', image.ociRef, '--format', 'json', '--cache-dir', cacheDir])

    const strip = (s: string) => ({ ...(JSON.parse(s) as ScanReport), createdAt: '' })
    expect(second.code).toBe(0)
    expect(strip(second.stdout)).toEqual(strip(first.stdout))
  })

  it.each([
    { format: 'cyclonedx', validator: cycloneDxValidator },
    { format: 'spdx', validator: spdxValidator },
  ])('writes $format that validates against the official schema', async ({ format, validator }) => {
    const r = await bulwark(['sbom', image.ociRef, '--format', format, '--no-cache'])

    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as Record<string, unknown>
    const validate = validator()
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(r.stdout).toContain('pkg:npm/lodash@4.17.15')
    expect(r.stdout).toContain('pkg:maven/log4j/log4j@1.2.17')
    if (format === 'cyclonedx') {
      // where each package was declared, with the line when known (package-lock, dpkg status)
      type Component = { purl?: string; evidence?: { occurrences?: { location: string; line?: number }[] } }
      const occ = (purl: string) => (doc.components as Component[]).find((c) => c.purl === purl)?.evidence?.occurrences ?? []
      expect(occ('pkg:npm/lodash@4.17.15')).toEqual(expect.arrayContaining([expect.objectContaining({ location: '/app/package-lock.json', line: expect.any(Number) as number })]))
      const bash = (doc.components as Component[]).find((c) => c.purl?.startsWith('pkg:deb/debian/bash@'))
      expect(bash?.evidence?.occurrences?.[0]).toMatchObject({ location: '/var/lib/dpkg/status', line: expect.any(Number) as number })
    }
  })
})
