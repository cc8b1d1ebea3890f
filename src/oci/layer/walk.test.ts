import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_IMAGE_LIMITS } from '../../core/index.js'
import { buildImage, compress, layerTar, writeOciLayout } from '../../../test/images.js'
import { openImage } from '../index.js'
import { ByteBudget } from './budget.js'
import { detectCompression } from './decompress.js'
import { walkLayerStream } from './walk.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-walk-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex')

describe('detectCompression', () => {
  it.each([
    { head: [0x1f, 0x8b, 8, 0], want: 'gzip' },
    { head: [0x28, 0xb5, 0x2f, 0xfd], want: 'zstd' },
    { head: [0x28, 0xb5, 0x2f], want: 'none' },
    { head: [0x61, 0x62, 0x63, 0x64], want: 'none' },
    { head: [], want: 'none' },
  ])('$want', ({ head, want }) => {
    expect(detectCompression(Buffer.from(head))).toBe(want)
  })
})

describe('walkLayerStream', () => {
  it.each(['gzip', 'zstd', 'none'] as const)(
    '%s: multi-MiB bodies survive chunking intact; two layers walk concurrently',
    async (compression) => {
      const files = Object.fromEntries(
        Array.from({ length: 4 }, (_v, i) => [
          `data/f${i}`,
          { content: randomBytes(1.5 * 1024 * 1024 + i) },
        ]),
      )
      const other = { 'text/big': { content: Buffer.from('line of text\n'.repeat(300_000)) } }
      const img = await buildImage({ layers: [{ files }, { files: other }] }, { compression })
      writeOciLayout(join(root, compression), [{ image: img, tag: 't' }])
      const src = await openImage(`oci:${join(root, compression)}:t`)
      const seen = new Map<string, string>()

      const results = await Promise.all(
        [0, 1].map((i) =>
          src.walkLayer(i, async (e) => {
            seen.set(e.path, md5(await e.read()))
          }),
        ),
      )
      await src.close()

      for (const [path, f] of Object.entries({ ...files, ...other }))
        expect(seen.get(path)).toBe(md5(f.content))
      expect(results.map((r) => r.bytes)).toEqual(img.tars.map((t) => t.length))
    },
  )

  it('reads a stream that arrives in tiny chunks (a slow registry)', async () => {
    const tar = await layerTar({ files: { a: 'alpha', 'b/c': 'gamma' } })
    const blob = compress(tar, 'gzip')
    const chunks = Array.from({ length: Math.ceil(blob.length / 3) }, (_v, i) =>
      blob.subarray(i * 3, i * 3 + 3),
    )
    const got: string[] = []

    const r = await walkLayerStream({
      image: 'test',
      layerIndex: 0,
      source: Readable.from(chunks),
      limits: DEFAULT_IMAGE_LIMITS,
      budget: new ByteBudget(1e9),
      visit: async (e) => {
        got.push(`${e.path}=${(await e.read()).toString()}`)
      },
    })

    expect(got).toEqual(['a=alpha', 'b/c=gamma'])
    expect(r.entries).toBe(2)
  })

  it('an empty blob is an empty layer only if it is a valid empty tar', async () => {
    const r = walkLayerStream({
      image: 'test',
      layerIndex: 0,
      source: Readable.from([Buffer.alloc(1024)]),
      limits: DEFAULT_IMAGE_LIMITS,
      budget: new ByteBudget(1e9),
      visit: () => {},
    })

    await expect(r).resolves.toMatchObject({ entries: 0, bytes: 1024 })
  })

  it('a source error becomes the error the source maps it to', async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error('connection reset'))
      },
    })

    const r = walkLayerStream({
      image: 'img',
      layerIndex: 3,
      source,
      limits: DEFAULT_IMAGE_LIMITS,
      budget: new ByteBudget(1e9),
      visit: () => {},
      sourceError: (err) => new Error(`mapped: ${err.message}`),
    })

    await expect(r).rejects.toThrow('mapped: connection reset')
  })
})

describe('ByteBudget', () => {
  it('counts each layer once at its largest, across walks', () => {
    const b = new ByteBudget(100)

    b.use(0, 60, 'img')
    b.use(0, 60, 'img')
    b.use(1, 40, 'img')

    expect(() => b.use(2, 1, 'img')).toThrow(expect.objectContaining({ code: 'SIZE_LIMIT' }))
  })
})
