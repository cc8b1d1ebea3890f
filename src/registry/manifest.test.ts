import { describe, expect, it } from 'vitest'
import { MEDIA_TYPES, parseManifest, referrerArtifactType } from './manifest.js'

const D = (c: string): string => `sha256:${c.repeat(64)}`
const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: D('a'), size: 2 }
const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D('b'), size: 3 }

function parse(doc: unknown, type?: string): ReturnType<typeof parseManifest> {
  return parseManifest(Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)), type)
}

describe('parseManifest', () => {
  it('reads an OCI image manifest with subject and annotations', () => {
    const m = parse({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [layer], subject: { ...layer, digest: D('c') }, annotations: { k: 'v' } }, MEDIA_TYPES.ociManifest)

    expect(m).toMatchObject({ mediaType: MEDIA_TYPES.ociManifest, isIndex: false, config, children: [layer], annotations: { k: 'v' } })
    expect(m.subject?.digest).toBe(D('c'))
    expect(referrerArtifactType(m)).toBe(config.mediaType)
  })

  it.each([
    { name: 'index without mediaType, generic Content-Type', doc: { schemaVersion: 2, manifests: [] }, type: 'application/json', want: MEDIA_TYPES.ociIndex },
    { name: 'manifest type from the header', doc: { schemaVersion: 2, config, layers: [] }, type: `${MEDIA_TYPES.dockerManifest}; charset=utf-8`, want: MEDIA_TYPES.dockerManifest },
    { name: 'docker list', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.dockerList, manifests: [] }, type: undefined, want: MEDIA_TYPES.dockerList },
  ])('media type: $name', ({ doc, type, want }) => {
    expect(parse(doc, type).mediaType).toBe(want)
  })

  it.each([
    { name: 'not JSON', doc: '{' },
    { name: 'an array', doc: '[]' },
    { name: 'schema 1', doc: { schemaVersion: 1 } },
    { name: 'no config', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, layers: [] } },
    { name: 'negative size', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { ...config, size: -1 }, layers: [] } },
    { name: 'fractional size', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { ...config, size: 1.5 }, layers: [] } },
    { name: 'non-string annotation', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [], annotations: { a: 1 } } },
    { name: 'urls not strings', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [{ ...layer, urls: [1] }] } },
    { name: 'schema 1 signed type', doc: { schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' } },
    { name: 'a platform without os', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [{ ...config, platform: { architecture: 'amd64' } }] } },
    { name: 'layers not a list', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: {} } },
    { name: 'an empty media type', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { ...config, mediaType: '' }, layers: [] } },
    { name: 'a digest of an unknown algorithm', doc: { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { ...config, digest: 'md5:abc' }, layers: [] } },
  ])('refuses $name with MANIFEST_INVALID', ({ doc }) => {
    expect(() => parse(doc)).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID' }))
  })

  it('names the offending field', () => {
    expect(() => parse({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [layer, { ...layer, size: 'x' }] })).toThrow(/layers\.1\.size/)
    expect(() => parse({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: { ...config, size: -1 }, layers: [] })).toThrow('config.size is not a size')
  })
})
