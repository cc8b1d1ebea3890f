import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildImage, sha256, writeFiles, writeOciLayout } from '../../test/images.js'
import type { BuildOptions, ImageSpec } from '../../test/images.js'
import { openImage } from './index.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-oci-documents-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

async function layout(spec: ImageSpec, opts: BuildOptions = {}): Promise<string> {
  const dir = join(root, `l${n++}`)
  writeOciLayout(dir, [{ image: await buildImage(spec, opts), tag: 't' }])
  return `oci:${dir}:t`
}

const FILES = { 'etc/a': 'a', 'etc/b': 'b' }

describe('malformed documents', () => {
  function manualLayout(name: string, manifest: object, config: object): string {
    const cfg = Buffer.from(JSON.stringify(config))
    const man = Buffer.from(
      JSON.stringify({
        ...manifest,
        config: {
          mediaType:
            (manifest as { cfgType?: string }).cfgType ??
            'application/vnd.oci.image.config.v1+json',
          digest: sha256(cfg),
          size: cfg.length,
        },
      }),
    )
    const dir = join(root, name)
    writeFiles(
      dir,
      new Map([
        [
          'index.json',
          Buffer.from(
            JSON.stringify({
              schemaVersion: 2,
              manifests: [
                {
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                  digest: sha256(man),
                  size: man.length,
                },
              ],
            }),
          ),
        ],
        [`blobs/sha256/${sha256(man).slice(7)}`, man],
        [`blobs/sha256/${sha256(cfg).slice(7)}`, cfg],
      ]),
    )
    return `oci:${dir}`
  }

  it.each([
    {
      name: 'index.json not JSON',
      ref: () => {
        const d = join(root, 'badjson')
        writeFiles(d, new Map([['index.json', Buffer.from('{nope')]]))
        return `oci:${d}`
      },
      code: 'MANIFEST_INVALID',
    },
    {
      name: 'manifest without layers',
      ref: () => manualLayout('nolayers', { schemaVersion: 2 }, {}),
      code: 'MANIFEST_INVALID',
    },
    {
      name: 'diff_ids do not match layers',
      ref: () =>
        manualLayout(
          'diffids',
          { schemaVersion: 2, layers: [] },
          { rootfs: { diff_ids: [sha256('x')] } },
        ),
      code: 'MANIFEST_INVALID',
    },
    {
      name: 'artifact, not an image',
      ref: () =>
        manualLayout(
          'artifact',
          { schemaVersion: 2, layers: [], cfgType: 'application/vnd.cncf.helm.config.v1+json' },
          {},
        ),
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'config with a bad diff_id',
      ref: () =>
        manualLayout(
          'baddiff',
          { schemaVersion: 2, layers: [] },
          { rootfs: { diff_ids: ['md5:x'] } },
        ),
      code: 'MANIFEST_INVALID',
    },
  ])('$name -> $code', async ({ ref, code }) => {
    const r = ref()

    await expect(openImage(r)).rejects.toMatchObject({
      name: 'ImageError',
      code,
      message: expect.stringContaining(r),
    })
  })

  it('a Docker schema 1 manifest is UNSUPPORTED_MEDIA_TYPE', async () => {
    const man = Buffer.from(
      '{"schemaVersion": 1, "name": "library/old", "tag": "1", "fsLayers": []}',
    )
    const dir = join(root, 'schema1')
    writeFiles(
      dir,
      new Map([
        [
          'index.json',
          Buffer.from(
            JSON.stringify({
              schemaVersion: 2,
              manifests: [
                {
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                  digest: sha256(man),
                  size: man.length,
                },
              ],
            }),
          ),
        ],
        [`blobs/sha256/${sha256(man).slice(7)}`, man],
      ]),
    )

    await expect(openImage(`oci:${dir}`)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('schema 1'),
    })
  })

  it('a docker-archive whose manifest.json is not JSON is MANIFEST_INVALID', async () => {
    const file = join(root, 'bad-docker.tar')
    const { writeTar } = await import('../../test/images.js')
    await writeTar(file, new Map([['manifest.json', Buffer.from('[{"Config": 5}]')]]))

    await expect(openImage(`docker-archive:${file}`)).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    })
  })

  it('a visitor error propagates unchanged', async () => {
    const ref = await layout({ layers: [{ files: FILES }] })
    const img = await openImage(ref)
    const boom = new Error('visitor failed')

    await expect(
      img.walkLayer(0, () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    expect((await img.walkLayer(0, () => {})).entries).toBe(2)
    await img.close()
  })
})
