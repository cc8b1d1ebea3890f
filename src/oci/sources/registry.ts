import { AppError, ExternalError, ImageError } from '../../core/index.js'
import type { ImageLimits, ImageSource } from '../../core/index.js'
import { createBlobImage } from '../blob-image.js'
import type { LayerBlob } from '../blob-image.js'
import type { Platform } from '../platform.js'
import type { RegistryReference } from '../reference.js'
import { RegistryClient } from '../registry/client.js'
import type { Credentials } from '../registry/auth.js'
import { checkLayerMediaTypes, loadConfig, resolveManifest } from '../resolve.js'
import type { DocumentFetcher } from '../resolve.js'

/** How to open an image from a registry. */
export interface RegistryImageOptions {
  readonly reference: string
  readonly ref: RegistryReference
  readonly platform: Platform
  readonly limits: ImageLimits
  readonly insecure: boolean
  readonly credentials?: Credentials
  readonly timeoutMs?: number
  /** Retries after the first attempt (tests lower it). */
  readonly retries?: number
  readonly retryBaseMs?: number
}

function named(image: string, err: unknown): unknown {
  if (!(err instanceof AppError) || err.message.includes(image)) return err
  const Ctor = err.constructor as new (
    code: string,
    message: string,
    o?: { cause?: unknown },
  ) => AppError
  return new Ctor(err.code, `${image}: ${err.message}`, { cause: err })
}

function createClient(o: RegistryImageOptions): RegistryClient {
  return new RegistryClient({
    registry: o.ref.registry,
    insecure: o.insecure,
    limits: o.limits,
    ...(o.credentials ? { credentials: o.credentials } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
    ...(o.retryBaseMs !== undefined ? { retryBaseMs: o.retryBaseMs } : {}),
  })
}

/** Opens an image from an OCI Distribution registry, resolving indexes for `platform`. */
export async function openRegistryImage(o: RegistryImageOptions): Promise<ImageSource> {
  const { ref, reference: image } = o
  const client = createClient(o)
  const repo = ref.repository
  try {
    const fetchDoc: DocumentFetcher = async (desc, what) => {
      if (desc.size < 0 || desc.size > o.limits.maxManifestSize) {
        throw new ImageError(
          'SIZE_LIMIT',
          `${image}: ${what} claims ${desc.size} bytes (limit ${o.limits.maxManifestSize})`,
        )
      }
      if (what === 'config') return client.getBlobBytes(repo, desc.digest, Math.max(desc.size, 0))
      return (await client.getManifest(repo, desc.digest)).bytes
    }
    const top = await client.getManifest(repo, ref.digest ?? ref.tag ?? 'latest')
    const resolved = await resolveManifest(top, fetchDoc, o.platform, image, o.limits)
    const m = resolved.manifest
    checkLayerMediaTypes(m, image)
    const config = await loadConfig(m, fetchDoc, image, o.limits)
    const layers: LayerBlob[] = m.layers.map((d) => ({
      digest: d.digest,
      size: d.size,
      mediaType: d.mediaType,
      open: () =>
        client.getBlob(repo, d.digest, { verify: false, maxSize: d.size }).catch((err: unknown) => {
          throw named(image, err)
        }),
    }))
    return createBlobImage({
      reference: image,
      sourceType: 'registry',
      repository: `${ref.registry}/${repo}`,
      ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      manifestDigest: resolved.manifestDigest,
      ...(resolved.indexDigest !== undefined ? { indexDigest: resolved.indexDigest } : {}),
      manifestMediaType: resolved.manifestMediaType,
      configDigest: m.config.digest,
      config,
      layers,
      documentBytes: resolved.manifestSize + m.config.size,
      ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
      limits: o.limits,
      sourceError: (err) =>
        new ExternalError(
          'REGISTRY_UNAVAILABLE',
          `${image}: reading a layer from the registry failed: ${err.message}`,
          { cause: err },
        ),
      close: () => client.close(),
    })
  } catch (err) {
    await client.close()
    throw named(image, err)
  }
}
