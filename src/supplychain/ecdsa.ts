import { createHash, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/** Signs bytes as cosign does: SHA-256 digest, ASN.1 DER signature (ECDSA; RSA and Ed25519 keys too). */
export function signBytes(key: KeyObject, data: Buffer): Buffer {
  return sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key)
}

/** Why a signature did not verify, or undefined when it did. */
export type SignatureProblem = 'malformed' | 'mismatch'

/**
 * Checks a DER signature over `data`. 'malformed' when the bytes are not a complete DER
 * SEQUENCE (a truncated signature), 'mismatch' when it is well formed but made by another key
 * or over other bytes.
 */
export function checkSignature(key: KeyObject, data: Buffer, sig: Buffer): SignatureProblem | undefined {
  if (key.asymmetricKeyType === 'ec' && !isCompleteDerSequence(sig)) return 'malformed'
  try {
    return verify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key, sig) ? undefined : 'mismatch'
  } catch {
    return 'malformed'
  }
}

/** True when `b` is exactly one DER SEQUENCE (short or long length form). */
export function isCompleteDerSequence(b: Buffer): boolean {
  if (b.length < 2 || b[0] !== 0x30) return false
  const first = b[1] ?? 0
  if (first < 0x80) return b.length === 2 + first
  const n = first & 0x7f
  if (n === 0 || n > 2 || b.length < 2 + n) return false
  let len = 0
  for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] ?? 0)
  return b.length === 2 + n + len
}

/** A short id for a public key: sha256 of its SPKI DER, first 16 hex characters. */
export function keyId(key: KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' })
  return createHash('sha256').update(der).digest('hex').slice(0, 16)
}
