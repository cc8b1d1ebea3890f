import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { LayerEntry } from '../core/index.js'
import { buildImage, writeDockerArchive, writeOciLayout } from '../../test/images.js'
import type { BuildOptions, ImageSpec } from '../../test/images.js'
import { openImage } from './index.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-oci-hostile-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

async function layout(spec: ImageSpec, opts: BuildOptions = {}): Promise<string> {
  const dir = join(root, `l${n++}`)
  writeOciLayout(dir, [{ image: await buildImage(spec, opts), tag: 't' }])
  return `oci:${dir}:t`
}

async function walkAll(
  ref: string,
  limits = {},
): Promise<{ paths: string[]; warnings: { path: string; reason: string }[] }> {
  const img = await openImage(ref, { limits })
  const paths: string[] = []
  const warnings: { path: string; reason: string }[] = []
  try {
    for (const l of img.metadata.layers) {
      const r = await img.walkLayer(l.index, (e: LayerEntry) => {
        paths.push(`${e.kind}:${e.path}${e.linkTarget !== undefined ? ` -> ${e.linkTarget}` : ''}`)
      })
      warnings.push(...r.warnings.map((w) => ({ path: w.path, reason: w.reason })))
    }
  } finally {
    await img.close()
  }
  return { paths, warnings }
}

const FILES = { 'etc/a': 'a', 'etc/b': 'b' }

describe('hostile layer entries are skipped as warnings; the rest is walked', () => {
  it('../ paths, absolute paths with .., NUL bytes', async () => {
    const ref = await layout({
      layers: [
        {
          files: FILES,
          raw: [
            { name: '../evil', content: 'x' },
            { name: '/../etc/shadow', content: 'x' },
            { name: 'a/../../b', content: 'x' },
            { name: '/etc/absolute', content: 'kept' },
            { name: './etc/dot', content: 'kept' },
            { name: 'z/after', content: 'kept' },
          ],
        },
      ],
    })

    const got = await walkAll(ref)

    expect(got.paths).toEqual([
      'file:etc/a',
      'file:etc/b',
      'file:etc/absolute',
      'file:etc/dot',
      'file:z/after',
    ])
    expect(got.warnings).toEqual([
      { path: '../evil', reason: 'path escapes the image root' },
      { path: '/../etc/shadow', reason: 'path escapes the image root' },
      { path: 'a/../../b', reason: 'path escapes the image root' },
    ])
  })

  it('symlink loops and links out of the root are reported as written, never followed', async () => {
    const ref = await layout({
      layers: [
        {
          files: {
            loop1: { type: 'symlink', target: 'loop2' },
            loop2: { type: 'symlink', target: 'loop1' },
            self: { type: 'symlink', target: 'self' },
            out: { type: 'symlink', target: '../../../../etc/shadow' },
            hard: { type: 'hardlink', target: '../../etc/passwd' },
          },
        },
      ],
    })

    const got = await walkAll(ref)

    expect(got.paths).toEqual([
      'hardlink:hard -> ../../etc/passwd',
      'symlink:loop1 -> loop2',
      'symlink:loop2 -> loop1',
      'symlink:out -> ../../../../etc/shadow',
      'symlink:self -> self',
    ])
    expect(got.warnings).toEqual([])
  })

  it('devices and fifos are other; names over 100 bytes survive (pax)', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}`
    const ref = await layout({
      layers: [
        {
          raw: [
            { name: 'dev/null', type: 'character-device' },
            { name: 'run/fifo', type: 'fifo' },
            { name: long, content: 'L' },
            { name: `${long}-link`, type: 'symlink', linkname: `/${'t'.repeat(150)}` },
          ],
        },
      ],
    })

    const got = await walkAll(ref)

    expect(got.paths).toEqual([
      'other:dev/null',
      'other:run/fifo',
      `file:${long}`,
      `symlink:${long}-link -> /${'t'.repeat(150)}`,
    ])
  })

  it('aufs metadata entries are skipped with a warning', async () => {
    const ref = await layout({
      layers: [{ files: FILES, raw: [{ name: '.wh..wh.aufs', content: '' }] }],
    })

    const got = await walkAll(ref)

    expect(got.paths).toEqual(['file:etc/a', 'file:etc/b'])
    expect(got.warnings).toEqual([{ path: '.wh..wh.aufs', reason: 'aufs metadata entry skipped' }])
  })
})

describe('corrupt and lying blobs are errors naming the image and layer', () => {
  it.each([
    {
      name: 'truncated gzip',
      opts: { compression: 'gzip', corrupt: { truncateLayer: 1 } },
      code: 'LAYER_CORRUPT',
      msg: /layer 1: decompression failed/,
    },
    {
      name: 'truncated zstd',
      opts: { compression: 'zstd', corrupt: { truncateLayer: 1 } },
      code: 'LAYER_CORRUPT',
      msg: /layer 1: decompression failed/,
    },
    {
      name: 'truncated tar',
      opts: { compression: 'none', corrupt: { truncateLayer: 1 } },
      code: 'LAYER_CORRUPT',
      msg: /layer 1: tar stream is corrupt/,
    },
    {
      name: 'wrong blob digest',
      opts: { corrupt: { wrongDigest: 1 } },
      code: 'DIGEST_MISMATCH',
      msg: /layer 1 blob digest mismatch: expected sha256:0+1, got sha256:[a-f0-9]{64}/,
    },
    {
      name: 'wrong diffID',
      opts: { corrupt: { wrongDiffId: 1 } },
      code: 'DIGEST_MISMATCH',
      msg: /layer 1 diffID mismatch: expected sha256:0+1, got sha256:/,
    },
    {
      name: 'wrong diffID, uncompressed',
      opts: { compression: 'none', corrupt: { wrongDiffId: 1 } },
      code: 'DIGEST_MISMATCH',
      msg: /layer 1 diffID mismatch/,
    },
  ] as const)('$name -> $code', async ({ opts, code, msg }) => {
    const ref = await layout(
      { layers: [{ files: FILES }, { files: { 'big/file': 'x'.repeat(100_000) } }] },
      opts,
    )
    const img = await openImage(ref)

    const first = await img.walkLayer(0, () => {})
    const second = img.walkLayer(1, () => {})

    expect(first.entries).toBe(2)
    await expect(second).rejects.toMatchObject({
      name: 'ImageError',
      code,
      message: expect.stringMatching(msg),
    })
    await expect(second).rejects.toMatchObject({ message: expect.stringContaining(ref) })
    await img.close()
  })

  it('a blob that is not a tar at all is LAYER_CORRUPT', async () => {
    const dir = join(root, 'garbage')
    const img = await buildImage({ layers: [{ files: FILES }] }, { compression: 'none' })
    const junk = Buffer.from('this is not a tar archive at all, just text '.repeat(40))
    const digest = img.layers[0]?.digest ?? ''
    img.blobs.set(digest, junk)
    writeOciLayout(dir, [{ image: img, tag: 't' }])

    const src = await openImage(`oci:${dir}:t`)

    await expect(src.walkLayer(0, () => {})).rejects.toMatchObject({ code: 'LAYER_CORRUPT' })
  })

  it('a docker-archive layer that does not match its diffID is DIGEST_MISMATCH', async () => {
    const img = await buildImage(
      { layers: [{ files: FILES }] },
      { compression: 'none', corrupt: { wrongDiffId: 0 } },
    )
    const file = join(root, 'wrong-diffid.tar')
    await writeDockerArchive(file, img)
    const src = await openImage(`docker-archive:${file}`)

    await expect(src.walkLayer(0, () => {})).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining('layer 0 diffID'),
    })
  })
})

describe('limits', () => {
  it.each([
    { name: 'layer size over the image limit', size: 2 ** 40, code: 'SIZE_LIMIT' },
    { name: 'negative layer size', size: -5, code: 'MANIFEST_INVALID' },
    { name: 'fractional layer size', size: 1.5, code: 'MANIFEST_INVALID' },
  ])('$name is refused before anything is read', async ({ size, code }) => {
    const ref = await layout({ layers: [{ files: FILES }] }, { corrupt: { layerSize: size } })

    await expect(openImage(ref, { limits: { maxImageSize: 2 ** 30 } })).rejects.toMatchObject({
      name: 'ImageError',
      code,
      message: expect.stringContaining(ref),
    })
  })

  it('documents over maxManifestSize are SIZE_LIMIT', async () => {
    const ref = await layout({ layers: [{ files: FILES }] })

    await expect(openImage(ref, { limits: { maxManifestSize: 200 } })).rejects.toMatchObject({
      code: 'SIZE_LIMIT',
    })
  })

  it('read() above maxFileSize is SIZE_LIMIT; a visitor that catches it walks on', async () => {
    const ref = await layout({ layers: [{ files: { big: 'x'.repeat(5000), small: 'ok' } }] })
    const img = await openImage(ref, { limits: { maxFileSize: 1000 } })
    const seen: string[] = []

    await img.walkLayer(0, async (e) => {
      const body = await e.read().catch((err: { code: string }) => err.code)
      seen.push(`${e.path}:${typeof body === 'string' ? body : body.toString()}`)
    })
    const thrown = img.walkLayer(0, (e) => e.read().then(() => undefined))

    expect(seen).toEqual(['big:SIZE_LIMIT', 'small:ok'])
    await expect(thrown).rejects.toMatchObject({
      code: 'SIZE_LIMIT',
      message: expect.stringContaining('big'),
    })
    await img.close()
  })

  it.each(['gzip', 'zstd'] as const)('a %s bomb stops at maxImageSize', async (compression) => {
    const ref = await layout(
      { layers: [{ files: { zeros: { content: Buffer.alloc(64 * 1024 * 1024) } } }] },
      { compression },
    )
    const img = await openImage(ref, { limits: { maxImageSize: 8 * 1024 * 1024 } })

    await expect(img.walkLayer(0, () => {})).rejects.toMatchObject({
      code: 'SIZE_LIMIT',
      message: expect.stringContaining('image limit'),
    })
    await img.close()
  })
})
