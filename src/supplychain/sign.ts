import { randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { PrivateKey } from 'openpgp'
import { UserError } from '../core/index.js'
import type { RegistryClient, RegistryReference } from '../oci/index.js'
import { cosignSign } from './cosign-sign.js'
import { fingerprintOf, gpgSign } from './gpg.js'
import { writeLookaside } from './lookaside.js'
import { toAtomicPayload, toCosignPayload } from './payload.js'
import { putExtensionSignature, supportsSignatureExtension } from './registry-ext.js'
import { isProblem, resolveTarget } from './target.js'

/** A signing key: cosign (PEM, decrypted) or OpenPGP (containers' simple signing). */
export type SigningKey = { readonly kind: 'cosign'; readonly key: KeyObject } | { readonly kind: 'gpg'; readonly key: PrivateKey }

/** What `signImage` needs. */
export interface SignImageOptions {
  readonly client: RegistryClient
  readonly reference: RegistryReference
  readonly key: SigningKey
  /** cosign `optional` annotations. */
  readonly annotations?: Readonly<Record<string, string>>
  /** GPG only: the lookaside folder to write to (else the registry's extension API). */
  readonly lookaside?: string
  /** GPG only: `optional.creator`. */
  readonly creator?: string
  /** GPG only: seconds since the epoch for `optional.timestamp` (default now). */
  readonly timestamp?: number
}

/** What signing stored and where. */
export interface SignOutcome {
  readonly digest: string
  readonly payload: Buffer
  /** `.sig` tag, lookaside file or `extension-api`. */
  readonly storedAt: string
  readonly scheme: 'cosign' | 'gpg'
  readonly signer: string
}

/** Resolves the reference and signs its digest with a cosign or an OpenPGP key. */
export async function signImage(o: SignImageOptions): Promise<SignOutcome> {
  const target = await resolveTarget(o.client, o.reference)
  if (isProblem(target)) throw new UserError('INPUT_INVALID', `cannot sign: ${target.problem}`)
  if (o.key.kind === 'cosign') {
    const payload = toCosignPayload(target.identity, target.digest, o.annotations)
    const r = await cosignSign(o.client, target.repository, target.digest, payload, o.key.key)
    return { digest: target.digest, payload, storedAt: r.tag, scheme: 'cosign', signer: 'cosign key' }
  }
  if (o.reference.tag === undefined && o.reference.digest !== undefined) {
    throw new UserError('ARG_INVALID', 'GPG signatures name the tag they were made for: give HOST/REPO:TAG')
  }
  const ident = `${o.reference.registry}/${o.reference.repository}:${o.reference.tag ?? 'latest'}`
  const payload = toAtomicPayload(ident, target.digest, o.creator ?? 'bulwark', o.timestamp ?? Math.floor(Date.now() / 1000))
  const sig = await gpgSign(o.key.key, payload)
  const signer = fingerprintOf(o.key.key)
  if (o.lookaside) {
    const file = await writeLookaside(o.lookaside, target.repository, target.digest, sig)
    return { digest: target.digest, payload, storedAt: file, scheme: 'gpg', signer }
  }
  if (!(await supportsSignatureExtension(o.client))) {
    throw new UserError('ARG_INVALID', `${o.reference.registry} does not advertise X-Registry-Supports-Signatures: give --lookaside DIR`)
  }
  await putExtensionSignature(o.client, target.repository, target.digest, sig, `${target.digest}@${randomBytes(16).toString('hex')}`)
  return { digest: target.digest, payload, storedAt: 'extension-api', scheme: 'gpg', signer }
}
