import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { createGunzip } from 'node:zlib'
import { extract } from 'tar-stream'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BenchError,
  gzipBaseline,
  layoutLayerBlobs,
  parseLayoutRef,
  printRatio,
  timeCommand,
} from '../bench/lib/index.js'
import type { DemoImage, DpkgRow, TestImage } from './fixtures.js'
import { FixtureError, ensureDemoImage, ensureTestImage, parseDpkgTsv } from './fixtures.js'

const run = promisify(execFile)

interface OciManifest {
  layers: { mediaType: string; digest: string; size: number }[]
  config: { digest: string }
}
interface OciConfig {
  rootfs: { diff_ids: string[] }
  history: { created_by?: string; empty_layer?: boolean }[]
}

const blobPath = (ociDir: string, digest: string): string =>
  join(ociDir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''))

async function ociImage(
  ociDir: string,
  tag: string,
): Promise<{ manifest: OciManifest; config: OciConfig }> {
  const index = JSON.parse(await readFile(join(ociDir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[]
  }
  const entry = index.manifests.find(
    (m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag,
  )
  if (!entry) throw new Error(`tag ${tag} not in ${ociDir}/index.json`)
  const manifest = JSON.parse(await readFile(blobPath(ociDir, entry.digest), 'utf8')) as OciManifest
  const config = JSON.parse(
    await readFile(blobPath(ociDir, manifest.config.digest), 'utf8'),
  ) as OciConfig
  return { manifest, config }
}

/** Entry names of a gzip layer blob, and the content of the files named in `want`. */
async function readLayer(
  file: string,
  want: readonly string[] = [],
): Promise<{ names: string[]; files: Map<string, string> }> {
  const names: string[] = []
  const files = new Map<string, string>()
  const ex = extract()
  ex.on('entry', (header, stream, next) => {
    names.push(header.name)
    const chunks: Buffer[] = []
    stream.on('data', (c: unknown) => {
      if (want.includes(header.name) && Buffer.isBuffer(c)) chunks.push(c)
    })
    stream.on('end', () => {
      if (want.includes(header.name)) files.set(header.name, Buffer.concat(chunks).toString('utf8'))
      next()
    })
  })
  await pipeline(createReadStream(file), createGunzip(), ex)
  return { names, files }
}

/** Installed packages of a dpkg status file, read independently of dpkg-query. */
function statusInstalled(text: string): DpkgRow[] {
  const rows: DpkgRow[] = []
  for (const stanza of text.split(/\n\n+/)) {
    const f = new Map<string, string>()
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z0-9-]+): (.*)$/.exec(line)
      if (m?.[1] !== undefined && m[2] !== undefined) f.set(m[1], m[2])
    }
    if (f.get('Status') !== 'install ok installed') continue
    rows.push({
      name: f.get('Package') ?? '',
      version: f.get('Version') ?? '',
      arch: f.get('Architecture') ?? '',
    })
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

async function skopeoDiffIds(ref: string): Promise<string[]> {
  const { stdout } = await run('skopeo', ['inspect', '--config', ref], { maxBuffer: 16 << 20 })
  return (JSON.parse(stdout) as OciConfig).rootfs.diff_ids
}

describe('parseDpkgTsv', () => {
  it.each([
    ['a\t1.0\tamd64\n', [{ name: 'a', version: '1.0', arch: 'amd64' }]],
    ['', []],
  ])('parses %j', (text, rows) => expect(parseDpkgTsv(text)).toEqual(rows))
  it.each(['a\t1.0\n', 'a\t1\tall\textra\n', '\t\t\n'])('rejects %j', (text) => {
    expect(() => parseDpkgTsv(text)).toThrow(FixtureError)
  })
})

describe('test image fixture', () => {
  let img: TestImage
  let manifest: OciManifest
  let config: OciConfig
  beforeAll(async () => {
    img = await ensureTestImage()
    ;({ manifest, config } = await ociImage(img.ociDir, img.tag))
  })

  it('has three gzip layers, one history entry each, as manifest.json records', () => {
    expect(manifest.layers).toHaveLength(3)
    expect(
      manifest.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar+gzip'),
    ).toBe(true)
    expect(config.rootfs.diff_ids).toHaveLength(3)
    const created = config.history.filter((h) => h.empty_layer !== true).map((h) => h.created_by)
    expect(created).toEqual(img.extras.layers.map((l) => l.createdBy))
  })

  it('keeps layer 1 as rootfs.tar (its sha256 is the first diff_id)', async () => {
    const hash = createHash('sha256')
    await pipeline(createReadStream(img.rootfsTar), hash)
    expect(`sha256:${hash.digest('hex')}`).toBe(config.rootfs.diff_ids[0])
  })

  it('holds the extras in layer 2 and the whiteouts in layer 3', async () => {
    const [l2, l3] = [manifest.layers[1], manifest.layers[2]]
    if (!l2 || !l3) throw new Error('missing layers')
    const layer2 = await readLayer(blobPath(img.ociDir, l2.digest))
    const wanted = [...img.extras.packages, ...img.extras.deleted.flatMap((d) => d.packages)].map(
      (p) => p.path.slice(1),
    )
    expect(wanted.length).toBeGreaterThanOrEqual(8)
    for (const path of [...wanted, 'usr/local/bin/esbuild', 'app/package-lock.json'])
      expect(layer2.names).toContain(path)
    const layer3 = await readLayer(blobPath(img.ociDir, l3.digest))
    expect(img.extras.whiteouts).toEqual(['opt/.wh.old', 'etc/.wh.motd'])
    for (const wh of img.extras.whiteouts) expect(layer3.names).toContain(wh)
    expect(img.extras.deleted.map((d) => d.path)).toEqual(['/opt/old'])
    expect(img.extras.deleted[0]?.packages.map((p) => p.purl)).toEqual(['pkg:npm/left-pad@1.1.3'])
  })

  it('names the purls the brief promises', () => {
    const purls = img.extras.packages.map((p) => p.purl)
    for (const p of [
      'pkg:npm/lodash@4.17.15',
      'pkg:npm/minimist@1.2.0',
      'pkg:maven/log4j/log4j@1.2.17',
    ])
      expect(purls).toContain(p)
    expect(
      img.extras.packages
        .filter((p) => p.ecosystem === 'pypi')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Jinja2', 'PyYAML', 'requests', 'urllib3'])
    expect(img.extras.go.map((g) => g.path)).toEqual(['/usr/local/bin/esbuild'])
  })

  it('lists in expected-dpkg.tsv exactly the installed packages of the rootfs', async () => {
    expect(img.expectedDpkg.length).toBeGreaterThan(50)
    const status = await readFile(join(img.rootfsDir, 'var/lib/dpkg/status'), 'utf8')
    expect(statusInstalled(status)).toEqual(img.expectedDpkg)
    expect(img.expectedDpkg.map((r) => r.name)).toEqual(
      expect.arrayContaining(['base-files', 'dpkg', 'libc6', 'apt']),
    )
    expect(img.extras.os).toMatchObject({ id: 'debian', versionId: '12' })
  })

  it('reads the same diff_ids with skopeo from all three forms', async () => {
    for (const ref of [img.ociRef, img.dockerArchiveRef, img.ociArchiveRef]) {
      expect(await skopeoDiffIds(ref)).toEqual(config.rootfs.diff_ids)
    }
  })
})

describe('demo image fixture', () => {
  let demo: DemoImage
  beforeAll(async () => {
    demo = await ensureDemoImage()
  })

  it('registers every unpacked .deb in a real dpkg status and ships one old npm package', async () => {
    const { manifest } = await ociImage(demo.ociDir, demo.tag)
    expect(manifest.layers).toHaveLength(2)
    const l1 = manifest.layers[0]
    if (!l1) throw new Error('missing layer')
    const layer = await readLayer(blobPath(demo.ociDir, l1.digest), ['var/lib/dpkg/status'])
    expect(statusInstalled(layer.files.get('var/lib/dpkg/status') ?? '')).toEqual(demo.expectedDpkg)
    expect(demo.expectedDpkg).toHaveLength(12)
    for (const row of demo.expectedDpkg) {
      expect(
        layer.names.filter(
          (n) => n.startsWith(`var/lib/dpkg/info/${row.name}`) && n.endsWith('.list'),
        ),
      ).toHaveLength(1)
    }
    expect(demo.extras.packages.map((p) => p.purl)).toEqual(['pkg:npm/lodash@4.17.20'])
    expect(await skopeoDiffIds(demo.ociRef)).toHaveLength(2)
  })
})

describe('bench/lib helpers', () => {
  it('measures wall time and the peak RSS of a command that holds 256 MiB', async () => {
    const script = 'const b = Buffer.alloc(256 << 20, 1); setTimeout(() => console.log(b[0]), 50)'
    const t = await timeCommand(process.execPath, ['-e', script])
    expect(t.stdout.trim()).toBe('1')
    expect(t.peakRssMiB).toBeGreaterThan(256)
    expect(t.peakRssMiB).toBeLessThan(1024)
    expect(t.wallSeconds).toBeGreaterThan(0.05)
  })

  it('reports a failing command as BenchError unless check is off', async () => {
    await expect(timeCommand('sh', ['-c', 'exit 3'])).rejects.toThrow(BenchError)
    expect((await timeCommand('sh', ['-c', 'exit 3'], { check: false })).exitCode).toBe(3)
  })

  it('times gzip -dc over the layers of the test image', async () => {
    const img = await ensureTestImage()
    expect(await layoutLayerBlobs(img.ociRef)).toHaveLength(3)
    const seconds = await gzipBaseline(img.ociRef)
    expect(seconds).toBeGreaterThan(0.05)
    expect(seconds).toBeLessThan(60)
  })

  it.each([
    ['oci:/a/b:tag', { dir: '/a/b', tag: 'tag' }],
    ['oci:/a/b', { dir: '/a/b' }],
    ['/a/b', { dir: '/a/b' }],
  ])('parses layout ref %s', (ref, want) => expect(parseLayoutRef(ref)).toEqual(want))

  it.each([
    ['x', 2, 1, 'BENCH x value=2.000 floor=1.000 ok'],
    ['y', 0.5, 1, 'BENCH y value=0.500 floor=1.000 FAIL'],
    ['z', Number.NaN, 1, 'BENCH z value=NaN floor=1.000 FAIL'],
  ])('prints %s against its floor', (name, value, floor, line) => {
    const before = process.exitCode
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      expect(printRatio(name, value, floor).line).toBe(line)
      expect(log).toHaveBeenCalledWith(line)
    } finally {
      log.mockRestore()
      process.exitCode = before
    }
  })
})
