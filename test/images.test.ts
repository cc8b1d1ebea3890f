import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openImage } from '../src/oci/index.js'
import { FAKE_DIGEST, buildImage, sha256, writeOciLayout } from './images.js'
import type { BuiltImage, ImageSpec } from './images.js'
import { hasTool } from './registry.js'

const run = promisify(execFile)
const SPEC: ImageSpec = {
  layers: [
    {
      files: {
        'etc/os-release': 'ID=test\n',
        'usr/bin/app': { content: 'binary', mode: 0o755 },
        'bin/sh': { type: 'symlink', target: 'busybox' },
      },
    },
    { files: { 'etc/extra': 'x' }, whiteouts: ['usr/bin/app'], opaque: ['var/lib'] },
  ],
  config: { Cmd: ['/bin/sh'] },
}

let dir: string
let img: BuiltImage
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-images-test-'))
  img = await buildImage(SPEC)
  writeOciLayout(join(dir, 'layout'), [{ image: img, tag: 'v1' }])
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function listing(ref: string): Promise<string[]> {
  const src = await openImage(ref)
  const out: string[] = []
  try {
    for (const l of src.metadata.layers) {
      await src.walkLayer(l.index, async (e) => {
        out.push(
          `${l.index} ${e.kind} ${e.path} ${e.linkTarget ?? ''}${e.kind === 'file' ? (await e.read()).toString() : ''}`,
        )
      })
    }
  } finally {
    await src.close()
  }
  return out
}

describe('buildImage', () => {
  it('is deterministic', async () => {
    const again = await buildImage(SPEC)

    expect(again.manifestDigest).toBe(img.manifestDigest)
    expect(again.layers).toEqual(img.layers)
  })

  it('corruptions do what they say', async () => {
    const truncated = await buildImage(SPEC, { corrupt: { truncateLayer: 0 } })
    const wrong = await buildImage(SPEC, {
      corrupt: { wrongDigest: 1, wrongDiffId: 0, layerSize: 7 },
    })

    const t0 = truncated.layers[0]
    expect(truncated.blobs.get(t0?.digest ?? '')?.length).toBeLessThan(t0?.size ?? 0)
    expect(wrong.layers[1]?.digest).toBe(FAKE_DIGEST)
    expect(sha256(wrong.blobs.get(FAKE_DIGEST) ?? '')).not.toBe(FAKE_DIGEST)
    expect(wrong.layers[0]?.diffId).toBe(FAKE_DIGEST)
    expect(wrong.layers[0]?.size).toBe(7)
  })
})

describe.skipIf(!hasTool('skopeo'))(
  'skopeo reads what the harness writes, and Bulwark reads what skopeo writes',
  () => {
    const skopeo = (...args: string[]): Promise<{ stdout: string }> =>
      run('skopeo', ['--insecure-policy', ...args])

    it('skopeo inspects the layout: same manifest bytes and config', async () => {
      const raw = await skopeo('inspect', '--raw', `oci:${join(dir, 'layout')}:v1`)
      const config = JSON.parse(
        (await skopeo('inspect', '--config', `oci:${join(dir, 'layout')}:v1`)).stdout,
      ) as { config: { Cmd: string[] } }

      expect(Buffer.from(raw.stdout)).toEqual(img.manifest)
      expect(config.config.Cmd).toEqual(['/bin/sh'])
    })

    it.each([
      {
        name: 'docker-archive',
        dest: (d: string) => `docker-archive:${join(d, 'd.tar')}:example.test/app:1`,
        ref: (d: string) => `docker-archive:${join(d, 'd.tar')}`,
      },
      {
        name: 'oci-archive',
        dest: (d: string) => `oci-archive:${join(d, 'o.tar')}:v9`,
        ref: (d: string) => `oci-archive:${join(d, 'o.tar')}:v9`,
      },
      {
        name: 'oci, zstd layers',
        dest: (d: string) => `oci:${join(d, 'zst')}:z`,
        ref: (d: string) => `oci:${join(d, 'zst')}:z`,
        extra: ['--dest-compress-format', 'zstd', '--dest-compress'],
      },
      {
        name: 'oci, uncompressed layers',
        dest: (d: string) => `oci:${join(d, 'plain')}:p`,
        ref: (d: string) => `oci:${join(d, 'plain')}:p`,
        extra: ['--dest-decompress'],
      },
    ])('$name', async ({ dest, ref, extra }) => {
      const want = await listing(`oci:${join(dir, 'layout')}:v1`)

      await skopeo('copy', '--quiet', ...(extra ?? []), `oci:${join(dir, 'layout')}:v1`, dest(dir))
      const got = await listing(ref(dir))

      expect(want).toEqual([
        '0 symlink bin/sh busybox',
        '0 file etc/os-release ID=test\n',
        '0 file usr/bin/app binary',
        '1 file etc/extra x',
        '1 whiteout usr/bin/app ',
        '1 opaque var/lib ',
      ])
      expect(got).toEqual(want)
    })

    it('skopeo-made zstd layers really are zstd', async () => {
      const index = JSON.parse(readFileSync(join(dir, 'zst', 'index.json'), 'utf8')) as {
        manifests: { digest: string }[]
      }
      const manifest = JSON.parse(
        readFileSync(
          join(dir, 'zst', 'blobs', 'sha256', index.manifests[0]?.digest.slice(7) ?? ''),
          'utf8',
        ),
      ) as { layers: { mediaType: string }[] }

      expect(manifest.layers.map((l) => l.mediaType)).toEqual([
        'application/vnd.oci.image.layer.v1.tar+zstd',
        'application/vnd.oci.image.layer.v1.tar+zstd',
      ])
    })
  },
)
