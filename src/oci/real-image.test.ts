import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImageSource } from '../core/index.js'
import { ensureTestImage } from '../../test/fixtures.js'
import type { TestImage } from '../../test/fixtures.js'
import { openImage } from './index.js'

// The real three-layer Debian image of scripts/fixtures (debootstrap + extras + whiteouts), as
// umoci/skopeo wrote it: the same image through every source must read the same.
let fx: TestImage

async function fingerprint(img: ImageSource): Promise<{ layers: string[][]; osRelease: string }> {
  const layers: string[][] = []
  let osRelease = ''
  for (const l of img.metadata.layers) {
    const seen: string[] = []
    const r = await img.walkLayer(l.index, async (e) => {
      let sum = ''
      if (
        e.kind === 'file' &&
        (e.path.endsWith('.json') || e.path.startsWith('etc/') || e.path === 'usr/lib/os-release')
      ) {
        const body = await e.read()
        sum = createHash('sha256').update(body).digest('hex').slice(0, 16)
        if (e.path === 'etc/os-release' || e.path === 'usr/lib/os-release')
          osRelease ||= body.toString()
      }
      seen.push(`${e.kind} ${e.path} ${e.mode.toString(8)} ${e.size} ${e.linkTarget ?? ''} ${sum}`)
    })
    expect(r.warnings).toEqual([])
    layers.push(seen)
  }
  return { layers, osRelease }
}

beforeAll(async () => {
  fx = await ensureTestImage()
}, 600_000)

describe('the real test image', () => {
  it('reads the same from oci, oci-archive and docker-archive', async () => {
    const results = []
    for (const ref of [fx.ociRef, fx.ociArchiveRef, fx.dockerArchiveRef]) {
      const img = await openImage(ref)
      try {
        results.push({ meta: img.metadata, print: await fingerprint(img) })
      } finally {
        await img.close()
      }
    }

    const [oci, archive, docker] = results
    expect(oci?.print.layers.map((l) => l.length).every((n) => n > 0)).toBe(true)
    expect(archive?.print).toEqual(oci?.print)
    expect(docker?.print).toEqual(oci?.print)
    expect(oci?.print.osRelease).toContain(`VERSION_ID="${fx.extras.os?.versionId}"`)
    expect(oci?.meta.layers.map((l) => l.createdBy)).toEqual(
      fx.extras.layers.map((l) => l.createdBy),
    )
    expect(docker?.meta.layers.map((l) => l.diffId)).toEqual(oci?.meta.layers.map((l) => l.diffId))
    expect(docker?.meta.configDigest).toBe(oci?.meta.configDigest)
  })

  it('decodes the whiteouts of the last layer', async () => {
    const img = await openImage(fx.ociRef)
    const whiteouts: string[] = []

    await img.walkLayer(img.metadata.layers.length - 1, (e) => {
      if (e.kind === 'whiteout') whiteouts.push(e.path)
    })
    await img.close()

    const want = fx.extras.whiteouts.map((w) => w.replace('.wh.', ''))
    expect(whiteouts.sort()).toEqual(want.sort())
  })

  it('walks two layers at once with the same result as one at a time', async () => {
    const img = await openImage(fx.ociRef)
    const count = async (i: number): Promise<number> => (await img.walkLayer(i, () => {})).entries

    const serial = [await count(0), await count(1)]
    const parallel = await Promise.all([count(0), count(1)])
    await img.close()

    expect(parallel).toEqual(serial)
  })
})
