import type { Readable } from 'node:stream'
import { ImageError, UserError } from '../core/index.js'
import type {
  ImageConfig,
  ImageLayer,
  ImageLimits,
  ImageMetadata,
  ImageSource,
  ImageSourceType,
  LayerEntry,
  LayerWalkResult,
} from '../core/index.js'
import { ByteBudget } from './layer/budget.js'
import { walkLayerStream } from './layer/walk.js'

/** One stored layer blob of an image and how to open it. */
export interface LayerBlob {
  /** Digest of the stored blob, when the source has one (old docker-archive layers have none). */
  readonly digest?: string
  readonly size: number
  readonly mediaType?: string
  /** Opens the blob from its first byte; every call returns a new, independent stream. */
  open(): Promise<Readable>
}

/** What a source reader found; createBlobImage turns it into an ImageSource. */
export interface BlobImageParts {
  readonly reference: string
  readonly sourceType: ImageSourceType
  readonly repository?: string
  readonly tag?: string
  readonly manifestDigest?: string
  readonly indexDigest?: string
  readonly manifestMediaType?: string
  readonly configDigest?: string
  readonly config: ImageConfig
  readonly layers: readonly LayerBlob[]
  /** Bytes of the manifest and config documents, counted in metadata.size. */
  readonly documentBytes: number
  readonly annotations?: Readonly<Record<string, string>>
  readonly limits: ImageLimits
  readonly sourceError?: (err: Error) => Error
  readonly close?: () => Promise<void>
}

/** Pairs layers with history entries that made them (empty_layer entries skipped). */
function historyFor(
  config: ImageConfig,
  count: number,
): ({ createdBy?: string; created?: string; comment?: string } | undefined)[] {
  const made = (config.history ?? []).filter((h) => h.empty_layer !== true)
  // Only trust the pairing when the counts agree; otherwise the history belongs to another build.
  if (made.length !== count) return []
  return made.map((h) => ({
    ...(h.created_by !== undefined ? { createdBy: h.created_by } : {}),
    ...(h.created !== undefined ? { created: h.created } : {}),
    ...(h.comment !== undefined ? { comment: h.comment } : {}),
  }))
}

/** Builds the layer list of the metadata, checking it against the config's diff_ids. */
export function toImageLayers(
  parts: Pick<BlobImageParts, 'reference' | 'config' | 'layers'>,
  requireDiffIds = true,
): ImageLayer[] {
  const diffIds = parts.config.rootfs?.diff_ids ?? []
  if (requireDiffIds && diffIds.length !== parts.layers.length) {
    throw new ImageError(
      'MANIFEST_INVALID',
      `${parts.reference}: manifest lists ${parts.layers.length} layers but the config has ${diffIds.length} diff_ids`,
    )
  }
  const history = historyFor(parts.config, parts.layers.length)
  return parts.layers.map((l, index) => ({
    index,
    ...(l.digest !== undefined ? { digest: l.digest } : {}),
    diffId: diffIds[index] ?? '',
    size: l.size,
    ...(l.mediaType !== undefined ? { mediaType: l.mediaType } : {}),
    ...history[index],
  }))
}

/** The common ImageSource over stored blobs: docker-archive, OCI layouts, oci-archive, registries. */
export function createBlobImage(parts: BlobImageParts): ImageSource {
  const layers = toImageLayers(parts)
  const size = parts.documentBytes + parts.layers.reduce((n, l) => n + l.size, 0)
  const metadata: ImageMetadata = {
    reference: parts.reference,
    sourceType: parts.sourceType,
    ...(parts.repository !== undefined ? { repository: parts.repository } : {}),
    ...(parts.tag !== undefined ? { tag: parts.tag } : {}),
    ...(parts.manifestDigest !== undefined ? { manifestDigest: parts.manifestDigest } : {}),
    ...(parts.indexDigest !== undefined ? { indexDigest: parts.indexDigest } : {}),
    ...(parts.manifestMediaType !== undefined
      ? { manifestMediaType: parts.manifestMediaType }
      : {}),
    ...(parts.configDigest !== undefined ? { configDigest: parts.configDigest } : {}),
    config: parts.config,
    layers,
    size,
    ...(parts.annotations !== undefined ? { annotations: parts.annotations } : {}),
  }
  const budget = new ByteBudget(parts.limits.maxImageSize)
  let closed = false
  return {
    metadata,
    async walkLayer(
      index: number,
      visit: (entry: LayerEntry) => void | Promise<void>,
    ): Promise<LayerWalkResult> {
      const blob = parts.layers[index]
      const layer = layers[index]
      if (!blob || !layer)
        throw new UserError(
          'ARG_INVALID',
          `${parts.reference}: no layer ${index} (image has ${layers.length})`,
        )
      if (closed) throw new UserError('ARG_INVALID', `${parts.reference}: image is closed`)
      const source = await blob.open()
      return walkLayerStream({
        image: parts.reference,
        layerIndex: index,
        source,
        ...(blob.digest !== undefined ? { digest: blob.digest } : {}),
        diffId: layer.diffId,
        ...(blob.digest !== undefined ? { maxStoredSize: blob.size } : {}),
        limits: parts.limits,
        budget,
        ...(parts.sourceError ? { sourceError: parts.sourceError } : {}),
        visit,
      })
    },
    async close() {
      if (closed) return
      closed = true
      await parts.close?.()
    },
  }
}
