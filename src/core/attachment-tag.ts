// ref: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md (tag-based discovery)

/** What cosign stores next to a digest under a tag of its own: signatures, attestations, SBOMs. */
export const ATTACHMENT_KINDS = ['sig', 'att', 'sbom'] as const
export type AttachmentTagKind = (typeof ATTACHMENT_KINDS)[number]

const TAG = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/

/**
 * The digest and kind a cosign attachment tag (`sha256-<hex>.sig`) stands for, or undefined for
 * any other tag: attachment tags are not versions of an image.
 */
export function parseAttachmentTag(tag: string): { readonly digest: string; readonly kind: AttachmentTagKind } | undefined {
  const m = TAG.exec(tag)
  return m ? { digest: `sha256:${m[1] as string}`, kind: m[2] as AttachmentTagKind } : undefined
}
