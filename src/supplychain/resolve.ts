import { ImageError } from '../core/index.js'
import type { RegistryClient } from '../oci/index.js'
import { COSIGN, attachmentTag, parseAttachmentLayers } from './layout.js'
import type { AttachmentKind, AttachmentLayer } from './layout.js'
import { listReferrers } from './registry-ext.js'
import type { ReferrersLayout } from './registry-ext.js'

/** Where an attachment was found: cosign's tag, the referrers API or the referrers tag fallback. */
export type AttachmentLayout = 'cosign-tag' | ReferrersLayout

/** An attachment layer plus where it came from. */
export interface FoundLayer extends AttachmentLayer {
  readonly layout: AttachmentLayout
  /** Digest of the manifest holding the layer. */
  readonly manifestDigest: string
}

/** Everything attached to an image digest of one kind. */
export interface Attachments {
  /** Layouts that held at least one manifest. */
  readonly layouts: readonly AttachmentLayout[]
  readonly layers: readonly FoundLayer[]
}

const WANTED: Record<AttachmentKind, readonly string[]> = {
  sig: [COSIGN.simpleSigning, COSIGN.sigstoreBundle],
  att: [COSIGN.dsse, COSIGN.sigstoreBundle],
}

async function cosignTag(client: RegistryClient, repo: string, digest: string, kind: AttachmentKind): Promise<FoundLayer[] | undefined> {
  try {
    const m = await client.getManifest(repo, attachmentTag(digest, kind), COSIGN.ociManifest)
    return parseAttachmentLayers(m.bytes).map((l) => ({ ...l, layout: 'cosign-tag', manifestDigest: m.digest }))
  } catch (err) {
    if (err instanceof ImageError && err.code === 'IMAGE_NOT_FOUND') return undefined
    throw err
  }
}

async function fromReferrers(client: RegistryClient, repo: string, digest: string): Promise<{ layout?: ReferrersLayout; layers: FoundLayer[] }> {
  const refs = await listReferrers(client, repo, digest)
  if (!refs) return { layers: [] }
  const layers: FoundLayer[] = []
  for (const d of refs.manifests.slice(0, 64)) {
    if (typeof d.digest !== 'string') continue
    const m = await client.getManifest(repo, d.digest)
    for (const l of parseAttachmentLayers(m.bytes)) layers.push({ ...l, layout: refs.layout, manifestDigest: m.digest })
  }
  return { layout: refs.layout, layers }
}

/**
 * Finds signatures (`sig`) or attestations (`att`) of `digest` wherever they live: cosign's
 * `sha256-<hex>.sig|.att` tag, the OCI 1.1 referrers API, or the referrers tag fallback.
 */
export async function findAttachments(client: RegistryClient, repo: string, digest: string, kind: AttachmentKind): Promise<Attachments> {
  const layouts: AttachmentLayout[] = []
  const layers: FoundLayer[] = []
  const tagged = await cosignTag(client, repo, digest, kind)
  if (tagged) {
    layouts.push('cosign-tag')
    layers.push(...tagged)
  }
  const refs = await fromReferrers(client, repo, digest)
  if (refs.layout) layouts.push(refs.layout)
  layers.push(...refs.layers)
  const wanted = WANTED[kind]
  return { layouts, layers: layers.filter((l) => wanted.includes(l.mediaType)) }
}
