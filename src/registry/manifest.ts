import { RegistryError } from './errors.js'
import { parseDigest } from './names.js'

// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md
// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md
// ref: https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md
/** Media types of the manifests this registry stores. */
export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList])
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest])
/** Config media types of runnable images (scan-on-push applies to these only). */
export const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
])

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

function toAnnotations(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    throw invalid(`${where}: annotations must map strings to strings`)
  }
  return v as Record<string, string>
}

function toDescriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v)) throw invalid(`${where} is not a descriptor object`)
  const { mediaType, digest, size, urls, artifactType } = v
  if (typeof mediaType !== 'string' || mediaType === '') throw invalid(`${where}.mediaType is missing`)
  if (typeof digest !== 'string') throw invalid(`${where}.digest is missing`)
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(`${where}.size is not a size`)
  try {
    parseDigest(digest)
  } catch (err) {
    throw new RegistryError('MANIFEST_INVALID', `${where}.digest is invalid`, { cause: err })
  }
  if (urls !== undefined && (!Array.isArray(urls) || !urls.every((u) => typeof u === 'string'))) {
    throw invalid(`${where}.urls must be strings`)
  }
  const annotations = toAnnotations(v.annotations, where)
  return {
    mediaType,
    digest,
    size,
    ...(Array.isArray(urls) ? { urls: urls as string[] } : {}),
    ...(typeof artifactType === 'string' ? { artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  }
}

function toDescriptors(v: unknown, where: string): Descriptor[] {
  if (!Array.isArray(v)) throw invalid(`${where} must be an array`)
  return v.map((d, i) => toDescriptor(d, `${where}[${i}]`))
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
  const subject = doc.subject === undefined ? undefined : toDescriptor(doc.subject, 'subject')
  const annotations = toAnnotations(doc.annotations, 'manifest')
  const artifactType = typeof doc.artifactType === 'string' ? doc.artifactType : undefined
  const common = {
    mediaType,
    isIndex,
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
    ...(artifactType ? { artifactType } : {}),
  }
  if (isIndex) return { ...common, children: toDescriptors(doc.manifests, 'manifests') }
  return { ...common, config: toDescriptor(doc.config, 'config'), children: toDescriptors(doc.layers, 'layers') }
}

/**
 * The artifactType the referrers API reports for a manifest: its own field, else (for an image
 * manifest) the config's media type, as the spec requires.
 */
export function referrerArtifactType(m: ParsedManifest): string | undefined {
  return m.artifactType ?? m.config?.mediaType
}
