import { DocIssue, ImageIndex, ImageManifest, INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES, MEDIA_TYPES as OCI } from '../oci/index.js'
import type { Descriptor as OciDescriptor } from '../oci/index.js'
import { RegistryError } from './errors.js'
import { parseDigest } from './names.js'

// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md
// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md
// ref: https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md
/** Media types of the manifests this registry stores. */
export const MEDIA_TYPES = {
  ociManifest: OCI.ociManifest,
  ociIndex: OCI.ociIndex,
  dockerManifest: OCI.dockerManifest,
  dockerList: OCI.dockerManifestList,
} as const

const INDEX_TYPES: ReadonlySet<string> = new Set(INDEX_MEDIA_TYPES)
const IMAGE_TYPES: ReadonlySet<string> = new Set(MANIFEST_MEDIA_TYPES)
/** Config media types of runnable images (scan-on-push applies to these only). */
export const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([OCI.ociConfig, OCI.dockerConfig])

/** One content descriptor, validated. */
export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly urls?: readonly string[]
  readonly artifactType?: string
  readonly annotations?: Readonly<Record<string, string>>
}

/** A manifest or index reduced to what the registry needs to store and check. */
export interface ParsedManifest {
  readonly mediaType: string
  readonly isIndex: boolean
  readonly config?: Descriptor
  /** Layers (image) or child manifests (index). */
  readonly children: readonly Descriptor[]
  readonly subject?: Descriptor
  readonly artifactType?: string
  readonly annotations?: Readonly<Record<string, string>>
}

function invalid(message: string): RegistryError {
  return new RegistryError('MANIFEST_INVALID', message)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A descriptor the image reader accepted (oci/manifest.ts checks the shape for both), held to
 * what a registry must also know before storing it: a media type, a size it can compare with a
 * blob, a digest in an algorithm it stores.
 */
function toDescriptor(d: OciDescriptor, where: string): Descriptor {
  if (d.mediaType === '') throw invalid(`${where}.mediaType is missing`)
  if (!Number.isSafeInteger(d.size) || d.size < 0) throw invalid(`${where}.size is not a size`)
  try {
    parseDigest(d.digest)
  } catch (err) {
    throw new RegistryError('MANIFEST_INVALID', `${where}.digest is invalid`, { cause: err })
  }
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    ...(d.urls ? { urls: d.urls } : {}),
    ...(d.artifactType !== undefined ? { artifactType: d.artifactType } : {}),
    ...(d.annotations ? { annotations: d.annotations } : {}),
  }
}

/** The document checked against an image reader shape; its issues become MANIFEST_INVALID. */
function shaped<T>(check: (v: unknown, path: string) => T, doc: unknown): T {
  try {
    return check(doc, '')
  } catch (err) {
    if (err instanceof DocIssue) throw new RegistryError('MANIFEST_INVALID', `manifest${err.path ? ` ${err.path}` : ''}: ${err.message}`, { cause: err })
    throw err
  }
}

/** The media type without parameters, lowercased (`application/json; charset=utf-8` -> `application/json`). */
export function bareMediaType(header: string | undefined): string | undefined {
  const t = header?.split(';')[0]?.trim().toLowerCase()
  return t ? t : undefined
}

function pickMediaType(doc: Record<string, unknown>, contentType: string | undefined): string {
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : undefined
  const header = bareMediaType(contentType)
  const generic = header === undefined || header === 'application/json' || header === 'application/octet-stream'
  if (declared !== undefined && !generic && declared !== header) {
    throw invalid(`Content-Type ${header} does not match the manifest's mediaType ${declared}`)
  }
  const type = declared ?? (generic ? undefined : header) ?? (Array.isArray(doc.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest)
  if (!INDEX_TYPES.has(type) && !IMAGE_TYPES.has(type)) {
    throw invalid(`unsupported manifest media type ${type}`)
  }
  return type
}

/** Parses and validates a pushed manifest (image manifest or index, OCI or Docker schema 2). */
export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  let doc: unknown
  try {
    doc = JSON.parse(bytes.toString('utf8'))
  } catch (err) {
    throw new RegistryError('MANIFEST_INVALID', 'manifest is not valid JSON', { cause: err })
  }
  if (!isObject(doc)) throw invalid('manifest is not a JSON object')
  if (doc.schemaVersion !== 2) throw invalid('schemaVersion must be 2')
  const mediaType = pickMediaType(doc, contentType)
  const isIndex = INDEX_TYPES.has(mediaType)
  const m = isIndex ? shaped(ImageIndex, doc) : shaped(ImageManifest, doc)
  const common = {
    mediaType,
    isIndex,
    ...(m.subject ? { subject: toDescriptor(m.subject, 'subject') } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
    ...(m.artifactType !== undefined ? { artifactType: m.artifactType } : {}),
  }
  if ('manifests' in m) return { ...common, children: m.manifests.map((d, i) => toDescriptor(d, `manifests[${i}]`)) }
  return { ...common, config: toDescriptor(m.config, 'config'), children: m.layers.map((d, i) => toDescriptor(d, `layers[${i}]`)) }
}

/**
 * The artifactType the referrers API reports for a manifest: its own field, else (for an image
 * manifest) the config's media type, as the spec requires.
 */
export function referrerArtifactType(m: ParsedManifest): string | undefined {
  return m.artifactType ?? m.config?.mediaType
}
