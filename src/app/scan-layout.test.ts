import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../../test/cli.js'
import { ensureTestImage, type TestImage } from '../../test/fixtures.js'
import type { ScanReport } from '../core/index.js'
import { asRegistryImage, layOutStoredImage } from './scan-layout.js'

let image: TestImage
let manifestDigest: string
const work = mkdtempSync(join(tmpdir(), 'bulwark-scan-layout-'))
// the fixture's own OCI layout stands in for the registry's blob store
const blobFile = (digest: string): string => join(image.ociDir, 'blobs', 'sha256', digest.slice('sha256:'.length))

beforeAll(async () => {
  image = await ensureTestImage()
  const index = JSON.parse(readFileSync(join(image.ociDir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] }
  manifestDigest = index.manifests[0]?.digest as string
}, 300_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

const sbom = async (ref: string): Promise<ScanReport> => {
  const r = await bulwark(['sbom', ref, '--format', 'json', '--no-cache', '--quiet'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as ScanReport
}

describe('layOutStoredImage', () => {
  it('lays a stored image out as links to the stored blobs, and it scans as the original', async () => {
    const dir = join(work, 'ok')
    const ref = await layOutStoredImage(dir, manifestDigest, blobFile)

    expect(ref).toBe(`oci:${dir}:scan`)
    const layer = JSON.parse(readFileSync(blobFile(manifestDigest), 'utf8')).layers[0].digest as string
    expect(statSync(join(dir, 'blobs', 'sha256', layer.slice(7))).ino).toBe(statSync(blobFile(layer)).ino)
    const [viaLayout, direct] = await Promise.all([sbom(ref as string), sbom(image.ociRef)])
    expect(viaLayout.packages).toEqual(direct.packages)
    expect(viaLayout.artifact.manifestDigest).toBe(direct.artifact.manifestDigest)
  })

  it('gives up (the caller pulls instead) on a missing blob, a bad digest or a non-manifest', async () => {
    const manifest = JSON.parse(readFileSync(blobFile(manifestDigest), 'utf8')) as { layers: { digest: string }[] }
    const missing = (d: string): string => (d === manifest.layers[1]?.digest ? join(work, 'nowhere') : blobFile(d))
    expect(await layOutStoredImage(join(work, 'missing'), manifestDigest, missing)).toBeUndefined()

    const hostile = join(work, 'hostile.json')
    writeFileSync(hostile, JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:../../etc/passwd' }, layers: [] }))
    const D = `sha256:${'a'.repeat(64)}`
    expect(await layOutStoredImage(join(work, 'hostile'), D, (d) => (d === D ? hostile : blobFile(d)))).toBeUndefined()
    const notJson = join(work, 'not.json')
    writeFileSync(notJson, 'not json')
    expect(await layOutStoredImage(join(work, 'notjson'), D, () => notJson)).toBeUndefined()
    expect(await layOutStoredImage(join(work, 'baddigest'), 'sha256:zz', blobFile)).toBeUndefined()
    const wide = join(work, 'wide.json')
    const many = Array.from({ length: 65 }, (_, i) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${i.toString(16).padStart(64, '0')}`, size: 1 }))
    writeFileSync(wide, JSON.stringify({ schemaVersion: 2, manifests: many }))
    expect(await layOutStoredImage(join(work, 'wide'), D, (d) => (d === D ? wide : blobFile(d)))).toBeUndefined()
  })

  it('lays out an index with the platform manifests the store holds', async () => {
    const child = readFileSync(blobFile(manifestDigest))
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: child.length, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'b'.repeat(64)}`, size: 10, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    }))
    const indexFile = join(work, 'index-blob')
    writeFileSync(indexFile, index)
    const D = `sha256:${'c'.repeat(64)}`
    const dir = join(work, 'index')
    const ref = await layOutStoredImage(dir, D, (d) => (d === D ? indexFile : blobFile(d)))

    expect(ref).toBe(`oci:${dir}:scan`)
    const top = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { mediaType: string; digest: string; size: number }[] }
    expect(top.manifests).toEqual([expect.objectContaining({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: D, size: index.length })])
  })
})

describe('asRegistryImage', () => {
  it('names the report after the registry image, without the layout tag', () => {
    const report = { artifact: { name: 'oci:/x:scan', type: 'oci', tag: 'scan', manifestDigest: 'sha256:1', size: 1, layers: [] } } as unknown as ScanReport
    expect(asRegistryImage(report, 'docker://h:1/r@sha256:1', 'h:1/r').artifact).toEqual({
      name: 'docker://h:1/r@sha256:1', type: 'registry', repository: 'h:1/r', manifestDigest: 'sha256:1', size: 1, layers: [],
    })
  })
})
