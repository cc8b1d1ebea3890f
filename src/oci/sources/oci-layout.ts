import { ImageError } from '../../core/index.js'
import type { ImageLimits, ImageSource } from '../../core/index.js'
import { createBlobImage } from '../blob-image.js'
import type { LayerBlob } from '../blob-image.js'
import { ImageIndex, INDEX_MEDIA_TYPES, parseJsonDocument } from '../manifest.js'
import type { Descriptor } from '../manifest.js'
import type { Platform } from '../platform.js'
import { checkLayerMediaTypes, loadConfig, resolveManifest, verifyDigest } from '../resolve.js'
import type { DocumentFetcher, FetchedDocument } from '../resolve.js'
import type { LayoutFiles } from './files.js'

// ref: https://github.com/opencontainers/image-spec/blob/main/image-layout.md
const REF_NAME = 'org.opencontainers.image.ref.name'

/** How to open one image of an OCI layout. */
export interface OciLayoutOptions {
  readonly reference: string
  readonly sourceType: 'oci' | 'oci-archive'
  readonly tag?: string
  readonly platform: Platform
  readonly limits: ImageLimits
  readonly close?: () => Promise<void>
}

/** The blob path of a digest inside a layout (`blobs/sha256/<hex>`). */
export function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`
}

function fetcher(files: LayoutFiles, image: string, limits: ImageLimits): DocumentFetcher {
  return async (desc, what) => {
    if (desc.size < 0 || desc.size > limits.maxManifestSize) {
      throw new ImageError(
        'SIZE_LIMIT',
        `${image}: ${what} claims ${desc.size} bytes (limit ${limits.maxManifestSize})`,
      )
    }
    const data = await files.read(blobPath(desc.digest), limits.maxManifestSize, what)
    if (!data)
      throw new ImageError('IMAGE_NOT_FOUND', `${image}: ${what} blob ${desc.digest} is missing`)
    verifyDigest(data, desc.digest, image, what)
    return data
  }
}

function pickStart(
  index: ImageIndex,
  indexBytes: Buffer,
  o: OciLayoutOptions,
): Descriptor | FetchedDocument {
  if (o.tag !== undefined) {
    const found = index.manifests.find((d) => d.annotations?.[REF_NAME] === o.tag)
    if (found) return found
    const tags = index.manifests
      .map((d) => d.annotations?.[REF_NAME])
      .filter((t) => t !== undefined)
    throw new ImageError(
      'IMAGE_NOT_FOUND',
      `${o.reference}: no image tagged "${o.tag}" (tags: ${tags.join(', ') || 'none'})`,
    )
  }
  const [only, ...more] = index.manifests
  if (only && more.length === 0) return only
  if (only && index.manifests.every((d) => d.platform !== undefined)) {
    // Several platform manifests straight in index.json: the layout itself is the index.
    return { bytes: indexBytes, mediaType: INDEX_MEDIA_TYPES[0] }
  }
  const tags = index.manifests.map((d) => d.annotations?.[REF_NAME] ?? d.digest)
  throw new ImageError(
    'IMAGE_NOT_FOUND',
    `${o.reference}: layout holds ${index.manifests.length} images; name one with :TAG (${tags.join(', ') || 'none'})`,
  )
}

/** Opens one image of an OCI image layout (a directory or an indexed oci-archive). */
export async function openOciLayout(files: LayoutFiles, o: OciLayoutOptions): Promise<ImageSource> {
  const image = o.reference
  const indexBytes = await files.read('index.json', o.limits.maxManifestSize, 'index.json')
  if (!indexBytes)
    throw new ImageError('IMAGE_NOT_FOUND', `${image}: not an OCI layout (no index.json)`)
  const index = parseJsonDocument(
    indexBytes,
    ImageIndex,
    image,
    'index.json',
    o.limits.maxManifestSize,
  )
  const fetchDoc = fetcher(files, image, o.limits)
  const start = pickStart(index, indexBytes, o)
  const first: FetchedDocument =
    'bytes' in start
      ? start
      : {
          bytes: await fetchDoc(start, 'manifest'),
          digest: start.digest,
          mediaType: start.mediaType,
        }
  const resolved = await resolveManifest(first, fetchDoc, o.platform, image, o.limits)
  const m = resolved.manifest
  checkLayerMediaTypes(m, image)
  const config = await loadConfig(m, fetchDoc, image, o.limits)
  const layers: LayerBlob[] = m.layers.map((d, i) => ({
    digest: d.digest,
    size: d.size,
    mediaType: d.mediaType,
    async open() {
      const s = await files.open(blobPath(d.digest))
      if (!s)
        throw new ImageError('IMAGE_NOT_FOUND', `${image}: layer ${i} blob ${d.digest} is missing`)
      return s
    },
  }))
  return createBlobImage({
    reference: image,
    sourceType: o.sourceType,
    ...(o.tag !== undefined ? { tag: o.tag } : {}),
    manifestDigest: resolved.manifestDigest,
    ...(resolved.indexDigest !== undefined ? { indexDigest: resolved.indexDigest } : {}),
    manifestMediaType: resolved.manifestMediaType,
    configDigest: m.config.digest,
    config,
    layers,
    documentBytes: resolved.manifestSize + m.config.size,
    ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
    limits: o.limits,
    ...(o.close ? { close: o.close } : {}),
  })
}
