import { sha256Digest } from '../core/index.js'

// ref: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md
// ref: https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md

/** Media types and annotations of cosign's registry layout. */
export const COSIGN = {
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  dsse: 'application/vnd.dsse.envelope.v1+json',
  signatureAnnotation: 'dev.cosignproject.cosign/signature',
  predicateTypeAnnotation: 'predicateType',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  sigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  cosignArtifactSig: 'application/vnd.dev.cosign.artifact.sig.v1+json',
} as const

/** Which attachment: `.sig` signatures or `.att` attestations. */
export type AttachmentKind = 'sig' | 'att'

/** The tag cosign stores attachments of `digest` under: `sha256-<hex>.sig`. */
export function attachmentTag(digest: string, kind: AttachmentKind): string {
  return `${digest.replace(':', '-')}.${kind}`
}

/** One layer of an attachment manifest. */
export interface AttachmentLayer {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly annotations?: Readonly<Record<string, string>>
}

/** A built attachment manifest with the blobs it needs uploaded. */
export interface BuiltAttachment {
  readonly manifest: Buffer
  readonly config: Buffer
  readonly configDigest: string
}

/**
 * The config cosign (go-containerregistry `empty.Image` plus layers) writes: zero-valued
 * architecture/os/created, one history entry per layer and the layer digests as diff_ids.
 * Byte-identical to cosign's so our `.sig` manifests have the same digests as cosign's.
 */
export function toCosignConfig(layers: readonly AttachmentLayer[]): Buffer {
  const zero = '0001-01-01T00:00:00Z'
  return Buffer.from(
    JSON.stringify({
      architecture: '',
      created: zero,
      history: layers.map(() => ({ created: zero })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  )
}

/** Builds cosign's attachment manifest over `layers` (key order as go-containerregistry writes it). */
export function toAttachmentManifest(layers: readonly AttachmentLayer[]): BuiltAttachment {
  const config = toCosignConfig(layers)
  const configDigest = sha256Digest(config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: COSIGN.ociManifest,
      config: { mediaType: COSIGN.ociConfig, size: config.length, digest: configDigest },
      layers: layers.map((l) => ({
        mediaType: l.mediaType,
        size: l.size,
        digest: l.digest,
        ...(l.annotations ? { annotations: l.annotations } : {}),
      })),
    }),
  )
  return { manifest, config, configDigest }
}

/** Reads the layers of an attachment manifest; layers missing fields are dropped. */
export function parseAttachmentLayers(manifest: Buffer): AttachmentLayer[] {
  let doc: unknown
  try {
    doc = JSON.parse(manifest.toString('utf8'))
  } catch {
    return []
  }
  const layers = (doc as { layers?: unknown }).layers
  if (!Array.isArray(layers)) return []
  const out: AttachmentLayer[] = []
  for (const l of layers as Record<string, unknown>[]) {
    if (typeof l.mediaType !== 'string' || typeof l.digest !== 'string' || typeof l.size !== 'number') continue
    const ann = l.annotations
    const annotations =
      ann && typeof ann === 'object'
        ? Object.fromEntries(Object.entries(ann).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : undefined
    out.push({ mediaType: l.mediaType, digest: l.digest, size: l.size, ...(annotations ? { annotations } : {}) })
  }
  return out
}
