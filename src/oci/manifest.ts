import { z } from 'zod'
import { ImageError, isDigest } from '../core/index.js'
import type { ImageConfig } from '../core/index.js'

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

const digestString = z.string().refine(isDigest, 'not a sha256/sha512 digest')

/** An OCI descriptor (also the shape of Docker schema2 references). */
export const Descriptor = z.object({
  mediaType: z.string(),
  digest: digestString,
  size: z.number().int(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  artifactType: z.string().optional(),
  platform: z
    .object({
      architecture: z.string(),
      os: z.string(),
      variant: z.string().optional(),
      'os.version': z.string().optional(),
    })
    .optional(),
})
export type Descriptor = z.infer<typeof Descriptor>

/** An image manifest (OCI or Docker schema2). */
export const ImageManifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: Descriptor,
  layers: z.array(Descriptor),
  subject: Descriptor.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
})
export type ImageManifest = z.infer<typeof ImageManifest>

/** An image index or Docker manifest list. */
export const ImageIndex = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  manifests: z.array(Descriptor),
  subject: Descriptor.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
})
export type ImageIndex = z.infer<typeof ImageIndex>

const StrList = z.array(z.string()).nullish()
/** The image config fields Bulwark reads; everything else passes through untouched. */
export const ImageConfigDoc = z.looseObject({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
  config: z
    .looseObject({
      User: z.string().optional(),
      Env: StrList,
      Cmd: StrList,
      Entrypoint: StrList,
      WorkingDir: z.string().optional(),
      Labels: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
  rootfs: z
    .object({ type: z.string().optional(), diff_ids: z.array(digestString).optional() })
    .optional(),
  history: z
    .array(
      z.looseObject({
        created: z.string().optional(),
        created_by: z.string().optional(),
        comment: z.string().optional(),
        empty_layer: z.boolean().optional(),
      }),
    )
    .optional(),
})

/** Parses a JSON document of bounded size; throws ImageError naming `image` and `what`. */
export function parseJsonDocument<T>(
  data: Buffer,
  schema: z.ZodType<T>,
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
  const res = schema.safeParse(raw)
  if (!res.success) {
    const issue = res.error.issues[0]
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'
    throw new ImageError('MANIFEST_INVALID', `${image}: ${what} is invalid (${where})`)
  }
  return res.data
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
