import { ImageError, isDigest } from '../core/index.js'
import type { ImageConfig } from '../core/index.js'
import { array, bool, DocIssue, int, literal, nullish, object, optional, record, refine, str } from './doc-check.js'
import type { Check } from './doc-check.js'

export { either } from './doc-check.js'

// ref: https://github.com/opencontainers/image-spec/blob/main/media-types.md
// ref: https://distribution.github.io/distribution/spec/manifest-v2-2/
/** Media types of manifests, indexes, configs and layers Bulwark understands. */
export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const

/** Media types that are indexes (manifest lists). */
export const INDEX_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifestList,
]
/** Media types that are single-image manifests. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
]
/** The Accept header for manifest requests: every manifest and index type, Docker and OCI. */
export const MANIFEST_ACCEPT = [...MANIFEST_MEDIA_TYPES, ...INDEX_MEDIA_TYPES].join(', ')

const digestString = refine(str, isDigest, 'not a sha256/sha512 digest')
const strings = record(str)

/** An OCI descriptor (also the shape of Docker schema2 references). */
export const Descriptor = object({
  mediaType: str,
  digest: digestString,
  size: int,
  urls: optional(array(str)),
  annotations: optional(strings),
  artifactType: optional(str),
  platform: optional(
    object({
      architecture: str,
      os: str,
      variant: optional(str),
      'os.version': optional(str),
    }),
  ),
})
export type Descriptor = ReturnType<typeof Descriptor>

/** An image manifest (OCI or Docker schema2). */
export const ImageManifest = object({
  schemaVersion: literal(2),
  mediaType: optional(str),
  artifactType: optional(str),
  config: Descriptor,
  layers: array(Descriptor),
  subject: optional(Descriptor),
  annotations: optional(strings),
})
export type ImageManifest = ReturnType<typeof ImageManifest>

/** An image index or Docker manifest list. */
export const ImageIndex = object({
  schemaVersion: literal(2),
  mediaType: optional(str),
  artifactType: optional(str),
  manifests: array(Descriptor),
  subject: optional(Descriptor),
  annotations: optional(strings),
})
export type ImageIndex = ReturnType<typeof ImageIndex>

const StrList = nullish(array(str))
/** The image config fields Bulwark reads; everything else passes through untouched. */
export const ImageConfigDoc = object(
  {
    architecture: optional(str),
    os: optional(str),
    variant: optional(str),
    created: optional(str),
    config: nullish(
      object(
        {
          User: optional(str),
          Env: StrList,
          Cmd: StrList,
          Entrypoint: StrList,
          WorkingDir: optional(str),
          Labels: nullish(strings),
        },
        true,
      ),
    ),
    rootfs: optional(object({ type: optional(str), diff_ids: optional(array(digestString)) })),
    history: optional(
      array(
        object(
          {
            created: optional(str),
            created_by: optional(str),
            comment: optional(str),
            empty_layer: optional(bool),
          },
          true,
        ),
      ),
    ),
  },
  true,
)

/** Parses a JSON document of bounded size; throws ImageError naming `image` and `what`. */
export function parseJsonDocument<T>(
  data: Buffer,
  schema: Check<T>,
  image: string,
  what: string,
  maxSize: number,
): T {
  if (data.length > maxSize) {
    throw new ImageError(
      'SIZE_LIMIT',
      `${image}: ${what} is ${data.length} bytes, over the ${maxSize}-byte limit`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(data.toString('utf8'))
  } catch (err) {
    throw new ImageError('MANIFEST_INVALID', `${image}: ${what} is not valid JSON`, { cause: err })
  }
  try {
    return schema(raw, '')
  } catch (err) {
    if (!(err instanceof DocIssue)) throw err
    const where = err.path ? `${err.path}: ${err.message}` : err.message
    throw new ImageError('MANIFEST_INVALID', `${image}: ${what} is invalid (${where})`)
  }
}

/** Parses an image config blob, dropping nulls so it fits the core ImageConfig type. */
export function parseImageConfig(data: Buffer, image: string, maxSize: number): ImageConfig {
  const doc = parseJsonDocument(data, ImageConfigDoc, image, 'image config', maxSize)
  return JSON.parse(
    JSON.stringify(doc, (_k, v: unknown) => (v === null ? undefined : v)),
  ) as ImageConfig
}

/** True when a manifest-or-index document is an index (by media type or by shape). */
export function isIndexDocument(mediaType: string | undefined, raw: unknown): boolean {
  if (mediaType !== undefined && INDEX_MEDIA_TYPES.includes(mediaType)) return true
  return (
    typeof raw === 'object' &&
    raw !== null &&
    Array.isArray((raw as { manifests?: unknown }).manifests)
  )
}

/**
 * Rejects manifests that claim absurd sizes before anything is downloaded: negative sizes,
 * a layer or a total over the image cap, a config over the manifest cap.
 */
export function checkManifestSizes(
  m: ImageManifest,
  image: string,
  maxImageSize: number,
  maxManifestSize: number,
): void {
  if (m.config.size < 0 || m.config.size > maxManifestSize) {
    throw new ImageError(
      'SIZE_LIMIT',
      `${image}: config claims ${m.config.size} bytes (limit ${maxManifestSize})`,
    )
  }
  let total = 0
  for (const [i, l] of m.layers.entries()) {
    if (l.size < 0)
      throw new ImageError('MANIFEST_INVALID', `${image}: layer ${i} claims a negative size`)
    total += l.size
    if (l.size > maxImageSize || total > maxImageSize) {
      throw new ImageError(
        'SIZE_LIMIT',
        `${image}: layer ${i} claims ${l.size} bytes, over the ${maxImageSize}-byte image limit`,
      )
    }
  }
}
