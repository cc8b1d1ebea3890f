import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageSource } from '../core/index.js'
import {
  buildImage,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  writeRootfs,
} from '../../test/images.js'
import type { BuiltImage, ImageSpec } from '../../test/images.js'
import { openImage } from './index.js'

const SPEC: ImageSpec = {
  layers: [
    {
      files: {
        etc: { type: 'dir' },
        'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
        'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o755, uid: 1000, gid: 1000 },
        'bin/sh': { type: 'symlink', target: '/bin/dash' },
        'bin/tool2': { type: 'hardlink', target: 'bin/tool' },
        'opt/old/file': 'old',
      },
    },
    { files: {} },
    { files: { 'etc/new.conf': 'new' }, whiteouts: ['opt/old'], opaque: ['var/cache'] },
  ],
  history: [
    { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in /' },
    { created: '2024-01-02T00:00:00Z', created_by: '/bin/sh -c #(nop) ENV A=1', empty_layer: true },
    { created: '2024-01-03T00:00:00Z', created_by: 'RUN true', comment: 'empty layer' },
    { created: '2024-01-04T00:00:00Z', created_by: 'COPY new.conf /etc/' },
  ],
  config: { User: 'app', Env: ['PATH=/usr/bin'], Labels: { a: 'b' } },
  annotations: { 'org.opencontainers.image.source': 'https://example.test/app' },
}

interface Seen {
  readonly path: string
  readonly kind: string
  readonly mode: number
  readonly uid: number
  readonly gid: number
  readonly size: number
  readonly linkTarget?: string
  readonly sha?: string
}

async function readAll(img: ImageSource): Promise<Seen[][]> {
  const out: Seen[][] = []
  for (const layer of img.metadata.layers) {
    const seen: Seen[] = []
    const res = await img.walkLayer(layer.index, async (e) => {
      const body = e.kind === 'file' ? await e.read() : undefined
      seen.push({
        path: e.path,
        kind: e.kind,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        size: e.size,
        ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
        ...(body ? { sha: createHash('sha256').update(body).digest('hex').slice(0, 12) } : {}),
      })
    })
    expect(res.warnings).toEqual([])
    expect(res.entries).toBe(seen.length)
    out.push(seen)
  }
  return out
}

let dir: string
let gz: BuiltImage
let refs: Record<string, string>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-oci-sources-'))
  gz = await buildImage(SPEC, { compression: 'gzip' })
  const zst = await buildImage(SPEC, { compression: 'zstd' })
  const raw = await buildImage(SPEC, { compression: 'none' })
  writeOciLayout(join(dir, 'gzip'), [{ image: gz, tag: 'v1' }])
  writeOciLayout(join(dir, 'zstd'), [{ image: zst, tag: 'v1' }])
  writeOciLayout(join(dir, 'none'), [{ image: raw }])
  await writeOciArchive(join(dir, 'oci.tar'), [{ image: gz, tag: 'v1' }])
  await writeDockerArchive(join(dir, 'legacy.tar'), gz, { repoTags: ['localhost:5000/app:1.0'] })
  await writeDockerArchive(join(dir, 'blobs.tar'), gz, { format: 'blobs', repoTags: ['app:2'] })
  writeFileSync(join(dir, 'legacy.tar.gz'), gzipSync(readFileSync(join(dir, 'legacy.tar'))))
  refs = {
    'oci gzip': `oci:${join(dir, 'gzip')}:v1`,
    'oci zstd': `oci:${join(dir, 'zstd')}:v1`,
    'oci uncompressed, no tag': `oci:${join(dir, 'none')}`,
    'oci-archive': `oci-archive:${join(dir, 'oci.tar')}:v1`,
    'docker-archive legacy': `docker-archive:${join(dir, 'legacy.tar')}`,
    'docker-archive blobs by name': `docker-archive:${join(dir, 'blobs.tar')}:app:2`,
    'docker-archive gzipped, @0': `docker-archive:${join(dir, 'legacy.tar.gz')}:@0`,
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('every source reads the same image the same way', () => {
  it.each([
    'oci gzip',
    'oci zstd',
    'oci uncompressed, no tag',
    'oci-archive',
    'docker-archive legacy',
    'docker-archive blobs by name',
    'docker-archive gzipped, @0',
  ])('%s', async (name) => {
    const img = await openImage(refs[name] ?? '', { tmpDir: dir })

    const entries = await readAll(img)
    const m = img.metadata
    await img.close()

    expect(entries[0]).toEqual([
      {
        path: 'bin/sh',
        kind: 'symlink',
        mode: 0o777,
        uid: 0,
        gid: 0,
        size: 0,
        linkTarget: '/bin/dash',
      },
      {
        path: 'bin/tool',
        kind: 'file',
        mode: 0o755,
        uid: 1000,
        gid: 1000,
        size: 18,
        sha: createHash('sha256').update('#!/bin/sh\necho hi\n').digest('hex').slice(0, 12),
      },
      {
        path: 'bin/tool2',
        kind: 'hardlink',
        mode: 0o777,
        uid: 0,
        gid: 0,
        size: 0,
        linkTarget: 'bin/tool',
      },
      { path: 'etc', kind: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
      {
        path: 'etc/os-release',
        kind: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 26,
        sha: createHash('sha256').update('ID=debian\nVERSION_ID="12"\n').digest('hex').slice(0, 12),
      },
      {
        path: 'opt/old/file',
        kind: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 3,
        sha: createHash('sha256').update('old').digest('hex').slice(0, 12),
      },
    ])
    expect(entries[1]).toEqual([])
    expect(entries[2]?.map((e) => `${e.kind}:${e.path}`)).toEqual([
      'file:etc/new.conf',
      'whiteout:opt/old',
      'opaque:var/cache',
    ])
    expect(m.configDigest).toBe(gz.configDigest)
    expect(m.config.config?.User).toBe('app')
    expect(m.layers.map((l) => [l.index, l.diffId, l.createdBy, l.created, l.comment])).toEqual([
      [
        0,
        gz.layers[0]?.diffId,
        '/bin/sh -c #(nop) ADD file:abc in /',
        '2024-01-01T00:00:00Z',
        undefined,
      ],
      [1, gz.layers[1]?.diffId, 'RUN true', '2024-01-03T00:00:00Z', 'empty layer'],
      [2, gz.layers[2]?.diffId, 'COPY new.conf /etc/', '2024-01-04T00:00:00Z', undefined],
    ])
    expect(m.size).toBeGreaterThan(m.layers.reduce((n, l) => n + l.size, 0))
  })

  it('fills OCI metadata: digests, media type, tag, annotations', async () => {
    const img = await openImage(refs['oci-archive'] ?? '')

    const m = img.metadata
    await img.close()

    expect(m).toMatchObject({
      sourceType: 'oci-archive',
      tag: 'v1',
      manifestDigest: gz.manifestDigest,
      configDigest: gz.configDigest,
      manifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      annotations: { 'org.opencontainers.image.source': 'https://example.test/app' },
    })
    expect(m.indexDigest).toBeUndefined()
    expect(m.layers.map((l) => [l.digest, l.size, l.mediaType])).toEqual(
      gz.layers.map((l) => [l.digest, l.size, l.mediaType]),
    )
  })

  it.each([
    {
      name: 'docker-archive legacy',
      repository: 'localhost:5000/app',
      tag: '1.0',
      digests: [undefined, undefined, undefined],
    },
    {
      name: 'docker-archive blobs by name',
      repository: 'docker.io/library/app',
      tag: '2',
      digests: 'diffIds',
    },
  ])('fills docker-archive metadata ($name)', async ({ name, repository, tag, digests }) => {
    const img = await openImage(refs[name] ?? '')

    const m = img.metadata
    await img.close()

    expect(m).toMatchObject({
      sourceType: 'docker-archive',
      repository,
      tag,
      configDigest: gz.configDigest,
    })
    expect(m.layers.map((l) => l.digest)).toEqual(
      digests === 'diffIds' ? gz.layers.map((l) => l.diffId) : digests,
    )
  })

  it('removes the temp copy of a compressed archive on close', async () => {
    const tmp = mkdtempSync(join(dir, 'spool-'))
    const img = await openImage(refs['docker-archive gzipped, @0'] ?? '', { tmpDir: tmp })

    const during = readdirSync(tmp).length
    await img.close()

    expect(during).toBe(1)
    expect(readdirSync(tmp)).toEqual([])
  })

  it('reads a rootfs directory as one pseudo-layer, symlinks not followed', async () => {
    const root = join(dir, 'rootfs')
    writeRootfs(root, {
      files: {
        'etc/os-release': 'ID=alpine\n',
        'bin/sh': { type: 'symlink', target: '/bin/busybox' },
        escape: { type: 'symlink', target: '../../../../etc' },
      },
    })
    const img = await openImage(`rootfs:${root}`)

    const [entries] = await readAll(img)

    expect(img.metadata).toMatchObject({
      sourceType: 'rootfs',
      layers: [{ index: 0, diffId: '', size: 10 }],
      size: 10,
    })
    expect(entries?.map((e) => [e.path, e.kind, e.linkTarget])).toEqual([
      ['bin', 'dir', undefined],
      ['bin/sh', 'symlink', '/bin/busybox'],
      ['escape', 'symlink', '../../../../etc'],
      ['etc', 'dir', undefined],
      ['etc/os-release', 'file', undefined],
    ])
  })
})

describe('choosing an image', () => {
  it('matches oci tags on org.opencontainers.image.ref.name and lists them when missing', async () => {
    const other = await buildImage({ layers: [{ files: { x: 'y' } }] })
    writeOciLayout(join(dir, 'multi'), [
      { image: gz, tag: 'v1' },
      { image: other, tag: 'v2' },
    ])

    const img = await openImage(`oci:${join(dir, 'multi')}:v2`)
    await img.close()

    expect(img.metadata.manifestDigest).toBe(other.manifestDigest)
    await expect(openImage(`oci:${join(dir, 'multi')}:v3`)).rejects.toMatchObject({
      name: 'ImageError',
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringMatching(/v3.*v1, v2/),
    })
    await expect(openImage(`oci:${join(dir, 'multi')}`)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining('name one with :TAG'),
    })
  })

  it('picks a platform from a nested index and names the available ones otherwise', async () => {
    const arm = await buildImage({ layers: [{ files: { arch: 'arm64' } }], architecture: 'arm64' })
    writeOciLayout(join(dir, 'plat'), [
      {
        platforms: [
          { image: gz, platform: 'linux/amd64' },
          { image: arm, platform: 'linux/arm64/v8' },
        ],
        tag: 'multi',
      },
    ])

    const img = await openImage(`oci:${join(dir, 'plat')}:multi`, { platform: 'linux/arm64' })
    await img.close()

    expect(img.metadata.manifestDigest).toBe(arm.manifestDigest)
    expect(img.metadata.indexDigest).toMatch(/^sha256:/)
    await expect(
      openImage(`oci:${join(dir, 'plat')}:multi`, { platform: 'linux/s390x' }),
    ).rejects.toMatchObject({
      name: 'ImageError',
      code: 'PLATFORM_NOT_FOUND',
      message: expect.stringContaining('linux/amd64, linux/arm64/v8'),
    })
  })

  it('refuses a missing docker-archive name or index', async () => {
    await expect(openImage(`${refs['docker-archive legacy']}:nope:1`)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
    })
    await expect(openImage(`docker-archive:${join(dir, 'legacy.tar')}:@3`)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining('legacy.tar'),
    })
  })

  it.each([
    { ref: 'oci:/nonexistent/layout', code: 'IMAGE_NOT_FOUND' },
    { ref: 'oci-archive:/nonexistent.tar', code: 'IMAGE_NOT_FOUND' },
    { ref: 'docker-archive:/nonexistent.tar', code: 'IMAGE_NOT_FOUND' },
    { ref: 'rootfs:/nonexistent', code: 'IMAGE_NOT_FOUND' },
  ])('$ref -> $code', async ({ ref, code }) => {
    await expect(openImage(ref)).rejects.toMatchObject({
      name: 'ImageError',
      code,
      message: expect.stringContaining(ref),
    })
  })
})
