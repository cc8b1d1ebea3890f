import type { KeyObject } from 'node:crypto'
import { ImageError, UserError, sha256Digest } from '../core/index.js'
import type { RegistryClient } from '../oci/index.js'
import { signBytes } from './ecdsa.js'
import { COSIGN, attachmentTag, parseAttachmentLayers, toAttachmentManifest } from './layout.js'
import type { AttachmentKind, AttachmentLayer } from './layout.js'

/** Appends one layer to the `.sig`/`.att` manifest of `digest` (created when absent). */
export async function appendAttachment(
  client: RegistryClient,
  repo: string,
  digest: string,
  kind: AttachmentKind,
  layer: AttachmentLayer,
  blob: Buffer,
): Promise<string> {
  const tag = attachmentTag(digest, kind)
  let existing: AttachmentLayer[] = []
  try {
    existing = parseAttachmentLayers((await client.getManifest(repo, tag, COSIGN.ociManifest)).bytes)
  } catch (err) {
    if (!(err instanceof ImageError && err.code === 'IMAGE_NOT_FOUND')) throw err
  }
  const same = (l: AttachmentLayer): boolean => l.digest === layer.digest && JSON.stringify(l.annotations) === JSON.stringify(layer.annotations)
  // cosign deduplicates an identical signature instead of appending it twice.
  const layers = existing.some(same) ? existing : [...existing, layer]
  const built = toAttachmentManifest(layers)
  await client.uploadBlob(repo, layer.digest, blob)
  await client.uploadBlob(repo, built.configDigest, built.config)
  return client.putManifest(repo, tag, built.manifest, COSIGN.ociManifest)
}

/** What a cosign signature created. */
export interface SignResult {
  readonly payload: Buffer
  readonly signature: string
  /** Digest of the `.sig` manifest now in the registry. */
  readonly manifestDigest: string
  readonly tag: string
}

/**
 * Signs `digest` cosign's way: ECDSA over the simple-signing payload, stored as a layer of the
 * `sha256-<hex>.sig` manifest with the signature in `dev.cosignproject.cosign/signature`.
 */
export async function cosignSign(client: RegistryClient, repo: string, digest: string, payload: Buffer, key: KeyObject): Promise<SignResult> {
  if (key.type !== 'private') throw new UserError('INPUT_INVALID', 'signing needs a private key')
  const signature = signBytes(key, payload).toString('base64')
  const layer: AttachmentLayer = {
    mediaType: COSIGN.simpleSigning,
    size: payload.length,
    digest: sha256Digest(payload),
    annotations: { [COSIGN.signatureAnnotation]: signature },
  }
  const manifestDigest = await appendAttachment(client, repo, digest, 'sig', layer, payload)
  return { payload, signature, manifestDigest, tag: attachmentTag(digest, 'sig') }
}
