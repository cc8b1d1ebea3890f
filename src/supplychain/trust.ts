import type { KeyObject } from 'node:crypto'
import type { PublicKey } from 'openpgp'
import { UserError } from '../core/index.js'
import { readGpgPublicKeys } from './gpg.js'
import { parsePem, parsePublicKeyPem } from './keys.js'

/** Keys a verification trusts: PEM public keys (cosign) and OpenPGP keys (containers' GPG). */
export interface TrustedKeys {
  readonly pem: readonly KeyObject[]
  readonly pgp: readonly PublicKey[]
}

/** An empty trust set, for merging. */
export const NO_KEYS: TrustedKeys = { pem: [], pgp: [] }

/**
 * Parses one key file: an armored PGP public key block, or PEM public keys (several blocks
 * allowed). Anything else is a UserError (exit 2).
 */
export async function parseTrustedKeys(text: string): Promise<TrustedKeys> {
  if (text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return { pem: [], pgp: await readGpgPublicKeys(text) }
  const blocks = parsePem(text).filter((b) => b.type === 'PUBLIC KEY' || b.type === 'CERTIFICATE')
  if (blocks.length === 0) throw new UserError('INPUT_INVALID', 'no PEM public key or armored PGP public key found')
  const pem = blocks.map((b) => parsePublicKeyPem(`-----BEGIN ${b.type}-----\n${b.body.toString('base64')}\n-----END ${b.type}-----\n`))
  return { pem, pgp: [] }
}

/** Merges trust sets. */
export function mergeTrustedKeys(...sets: readonly TrustedKeys[]): TrustedKeys {
  return { pem: sets.flatMap((s) => s.pem), pgp: sets.flatMap((s) => s.pgp) }
}
