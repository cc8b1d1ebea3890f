import { z } from 'zod'

// ref: https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md (simple signing payload)
// ref: https://github.com/containers/image/blob/main/docs/containers-signature.5.md

/** `critical.type` of cosign signatures and of containers' GPG (atomic) signatures. */
export const COSIGN_PAYLOAD_TYPE = 'cosign container image signature'
export const ATOMIC_PAYLOAD_TYPE = 'atomic container signature'

/** The simple-signing payload both schemes sign. */
export const SimpleSigning = z.object({
  critical: z.object({
    identity: z.object({ 'docker-reference': z.string() }),
    image: z.object({ 'docker-manifest-digest': z.string() }),
    type: z.string(),
  }),
  optional: z.record(z.string(), z.unknown()).nullable().optional(),
})
export type SimpleSigning = z.infer<typeof SimpleSigning>

/**
 * The payload bytes exactly as cosign writes them (Go struct field order, `"optional":null`
 * without annotations), so our signatures and cosign's are interchangeable.
 */
export function toCosignPayload(dockerReference: string, digest: string, annotations?: Readonly<Record<string, string>>): Buffer {
  const optional = annotations && Object.keys(annotations).length > 0 ? annotations : null
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': digest },
        type: COSIGN_PAYLOAD_TYPE,
      },
      optional,
    }),
  )
}

/** The payload containers/image signs with GPG (identity includes the tag). */
export function toAtomicPayload(dockerReference: string, digest: string, creator: string, timestamp: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        type: ATOMIC_PAYLOAD_TYPE,
        image: { 'docker-manifest-digest': digest },
        identity: { 'docker-reference': dockerReference },
      },
      optional: { creator, timestamp },
    }),
  )
}

/** Parses a payload; undefined (not an exception) when it is not simple signing. */
export function parseSimpleSigning(bytes: Buffer): SimpleSigning | undefined {
  try {
    const r = SimpleSigning.safeParse(JSON.parse(bytes.toString('utf8')))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}
