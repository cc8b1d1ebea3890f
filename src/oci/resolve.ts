import { createHash } from 'node:crypto'
import { ImageError } from '../core/index.js'
import type { ImageConfig, ImageLimits } from '../core/index.js'
import {
  either,
  ImageIndex,
  ImageManifest,
  MEDIA_TYPES,
  checkManifestSizes,
  isIndexDocument,
  parseImageConfig,
  parseJsonDocument,
} from './manifest.js'
import type { Descriptor } from './manifest.js'
import { selectPlatformManifest } from './platform.js'
import type { Platform } from './platform.js'

/** The digest of `data` in the algorithm of `like` (sha256 unless like says sha512). */
export function digestOf(data: Uint8Array, like = 'sha256:'): string {
  const algo = like.startsWith('sha512:') ? 'sha512' : 'sha256'
  return `${algo}:${createHash(algo).update(data).digest('hex')}`
}

/** Throws DIGEST_MISMATCH unless `data` hashes to `digest`. */
export function verifyDigest(data: Uint8Array, digest: string, image: string, what: string): void {
  const got = digestOf(data, digest)
  if (got !== digest) {
    throw new ImageError(
      'DIGEST_MISMATCH',
      `${image}: ${what} digest mismatch: expected ${digest}, got ${got}`,
    )
  }
}

/** A manifest or index document as fetched: bytes plus what the source says about them. */
export interface FetchedDocument {
  readonly bytes: Buffer
  /** Digest of the bytes; undefined only for an OCI layout's index.json. */
  readonly digest?: string
  readonly mediaType?: string
}

function isSchema1(doc: FetchedDocument): boolean {
  if (doc.mediaType?.startsWith('application/vnd.docker.distribution.manifest.v1')) return true
  return (
    doc.bytes.length < 1024 * 1024 &&
    /^\s*\{[^]*"schemaVersion"\s*:\s*1\s*[,}]/.test(doc.bytes.toString('utf8', 0, 4096))
  )
}

/** The image manifest an index chain ended at. */
export interface ResolvedManifest {
  readonly manifest: ImageManifest
  readonly manifestDigest: string
  readonly manifestMediaType: string
  readonly manifestSize: number
  /** Digest of the first index on the way, when the reference pointed at one. */
  readonly indexDigest?: string
}

/** Fetches a child document by descriptor; the fetcher verifies its digest and size. */
export type DocumentFetcher = (desc: Descriptor, what: string) => Promise<Buffer>

/**
 * Follows indexes (choosing `platform`) down to one image manifest, at most four levels deep.
 */
export async function resolveManifest(
  start: FetchedDocument,
  fetchDoc: DocumentFetcher,
  platform: Platform,
  image: string,
  limits: ImageLimits,
): Promise<ResolvedManifest> {
  let doc = start
  let indexDigest: string | undefined
  for (let depth = 0; depth < 4; depth++) {
    if (isSchema1(doc)) {
      throw new ImageError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${image}: Docker schema 1 manifests are not supported (deprecated since 2017)`,
      )
    }
    const raw = parseJsonDocument(
      doc.bytes,
      either(ImageIndex, ImageManifest),
      image,
      'manifest',
      limits.maxManifestSize,
    )
    const mediaType = doc.mediaType ?? raw.mediaType
    if (isIndexDocument(mediaType, raw)) {
      const index = parseJsonDocument(doc.bytes, ImageIndex, image, 'index', limits.maxManifestSize)
      indexDigest ??= doc.digest
      const chosen = selectPlatformManifest(index, platform, image)
      doc = {
        bytes: await fetchDoc(chosen, 'manifest'),
        digest: chosen.digest,
        mediaType: chosen.mediaType,
      }
      continue
    }
    const manifest = parseJsonDocument(
      doc.bytes,
      ImageManifest,
      image,
      'manifest',
      limits.maxManifestSize,
    )
    checkManifestSizes(manifest, image, limits.maxImageSize, limits.maxManifestSize)
    return {
      manifest,
      manifestDigest: doc.digest ?? digestOf(doc.bytes),
      manifestMediaType: mediaType ?? MEDIA_TYPES.ociManifest,
      manifestSize: doc.bytes.length,
      ...(indexDigest !== undefined ? { indexDigest } : {}),
    }
  }
  throw new ImageError('MANIFEST_INVALID', `${image}: indexes nested more than four levels deep`)
}

const CONFIG_TYPES: readonly string[] = [MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig]

/** Fetches and parses the config of a manifest; refuses artifacts that are not images. */
export async function loadConfig(
  m: ImageManifest,
  fetchDoc: DocumentFetcher,
  image: string,
  limits: ImageLimits,
): Promise<ImageConfig> {
  if (!CONFIG_TYPES.includes(m.config.mediaType)) {
    throw new ImageError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${image}: config media type ${m.config.mediaType} is not an image config (an artifact, not an image)`,
    )
  }
  return parseImageConfig(await fetchDoc(m.config, 'config'), image, limits.maxManifestSize)
}

/** Throws UNSUPPORTED_MEDIA_TYPE for layers that are not (compressed) tars. */
export function checkLayerMediaTypes(m: ImageManifest, image: string): void {
  for (const [i, l] of m.layers.entries()) {
    const t = l.mediaType
    const ok =
      t.startsWith('application/vnd.oci.image.layer.') ||
      t.startsWith('application/vnd.docker.image.rootfs.')
    if (!ok)
      throw new ImageError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${image}: layer ${i} has media type ${t}, not a layer tar`,
      )
  }
}
