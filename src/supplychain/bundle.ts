import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { Envelope, verifyEnvelope } from './dsse.js'

// ref: https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto
// ref: https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md

/** The predicate type cosign 3 uses for a signature carried as a DSSE bundle. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1'

const Bundle = z.object({
  mediaType: z.string().startsWith('application/vnd.dev.sigstore.bundle'),
  dsseEnvelope: Envelope.optional(),
  messageSignature: z.unknown().optional(),
})

/** A bundle check: its predicate type and key when it verified, else why not. */
export type BundleOutcome = { readonly predicateType: string; readonly keyId: string } | { readonly problem: string }

/**
 * Verifies a Sigstore bundle signed with a key (cosign `--key` with the new bundle format): the
 * DSSE envelope's signature with a trusted key and that its statement is about `digest`.
 * Offline and key-based only: transparency-log entries and certificate chains are not checked.
 */
export function verifyKeyedBundle(bytes: Buffer, keys: readonly KeyObject[], digest: string): BundleOutcome {
  let bundle: z.infer<typeof Bundle>
  try {
    bundle = Bundle.parse(JSON.parse(bytes.toString('utf8')))
  } catch {
    return { problem: 'not a Sigstore bundle' }
  }
  if (!bundle.dsseEnvelope) return { problem: 'Sigstore bundles with a message signature are not verified by key here' }
  const r = verifyEnvelope(bundle.dsseEnvelope, keys)
  if ('problem' in r) return { problem: `Sigstore bundle: ${r.problem}` }
  const [alg, hex] = digest.split(':')
  if (!r.statement.subject.some((s) => s.digest[alg ?? 'sha256'] === hex)) {
    return { problem: `the Sigstore bundle is about another image, not ${digest}: the manifest was changed or the tag moved` }
  }
  return { predicateType: r.statement.predicateType, keyId: r.keyId }
}
