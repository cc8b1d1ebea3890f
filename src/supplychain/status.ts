import type { RegistryClient, RegistryReference } from '../oci/index.js'
import type { TrustedKeys } from './trust.js'
import { verifyImage } from './verify.js'

/** A version's signature state as the registry view shows it. */
export type SignatureStatus = 'signed' | 'unsigned' | 'invalid'

/**
 * Signature status of one image version for the server's registry view: `signed` when a
 * signature verifies with a trusted key, `unsigned` when none is attached, `invalid` when
 * signatures exist but none verifies (tampering, untrusted key) or the registry lied.
 * An unreachable registry still throws (the view shows an error, not a verdict).
 */
export async function signatureStatus(client: RegistryClient, reference: RegistryReference, trustedKeys: TrustedKeys, identity?: string): Promise<SignatureStatus> {
  const outcome = await verifyImage({ client, reference, keys: trustedKeys, ...(identity !== undefined ? { identity } : {}) })
  if (outcome.verified.length > 0) return 'signed'
  if (outcome.digest === undefined) return 'invalid'
  return outcome.checks.length === 0 ? 'unsigned' : 'invalid'
}

