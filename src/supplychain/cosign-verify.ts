import type { KeyObject } from 'node:crypto'
import { ImageError } from '../core/index.js'
import type { RegistryClient } from '../oci/index.js'
import { COSIGN_SIGN_PREDICATE, verifyKeyedBundle } from './bundle.js'
import { checkSignature, keyId } from './ecdsa.js'
import { COSIGN } from './layout.js'
import { COSIGN_PAYLOAD_TYPE, parseSimpleSigning } from './payload.js'
import type { SimpleSigning } from './payload.js'
import type { FoundLayer } from './resolve.js'
import type { Target } from './target.js'

/** The result of checking one signature. */
export interface SignatureCheck {
  /** Where it was found (cosign-tag, referrers-api, referrers-tag, lookaside, extension-api). */
  readonly layout: string
  /** Which signature: the layer digest, or the lookaside file. */
  readonly source: string
  readonly ok: boolean
  /** Why it failed, naming what is wrong. */
  readonly reason?: string
  readonly payload?: SimpleSigning
  /** Id of the key that verified it. */
  readonly keyId?: string
  /** For a Sigstore bundle: the predicate type of its statement. */
  readonly predicateType?: string
}

/** Checks payload claims against the target: type, digest and repository identity. */
export function checkClaims(p: SimpleSigning | undefined, target: Target, type: string): string | undefined {
  if (!p) return 'the signed payload is not a simple-signing document'
  if (p.critical.type !== type) return `the payload type is "${p.critical.type}", not "${type}"`
  const signed = p.critical.image['docker-manifest-digest']
  if (signed !== target.digest) {
    return `the signature covers ${signed}, but ${target.identity}${target.tag ? `:${target.tag}` : ''} resolves to ${target.digest}: the manifest was changed or the tag moved`
  }
  const ident = p.critical.identity['docker-reference']
  const repoOf = (r: string): string => r.replace(/@.*$/, '').replace(/:[^/:]+$/, '')
  const norm = (r: string): string => repoOf(r).replace(/^docker\.io\//, 'index.docker.io/')
  if (norm(ident) !== norm(target.identity)) return `the signature is for ${ident}, not ${target.identity}`
  return undefined
}

/**
 * Verifies one cosign simple-signing layer: the payload bytes (digest-checked by the client),
 * the signature annotation against each trusted key, then the claims.
 */
export function checkCosignLayer(payload: Buffer, signatureB64: string | undefined, keys: readonly KeyObject[], target: Target): Omit<SignatureCheck, 'layout' | 'source'> {
  if (signatureB64 === undefined || signatureB64 === '') return { ok: false, reason: `no ${COSIGN.signatureAnnotation} annotation` }
  const sig = Buffer.from(signatureB64, 'base64')
  let malformed = false
  for (const key of keys) {
    const problem = checkSignature(key, payload, sig)
    if (problem === 'malformed') malformed = true
    if (problem !== undefined) continue
    const parsed = parseSimpleSigning(payload)
    const reason = checkClaims(parsed, target, COSIGN_PAYLOAD_TYPE)
    return { ok: reason === undefined, keyId: keyId(key), ...(parsed ? { payload: parsed } : {}), ...(reason ? { reason } : {}) }
  }
  if (malformed) return { ok: false, reason: 'the signature is truncated or malformed (not a complete DER ECDSA signature)' }
  return { ok: false, reason: `the signature was not made by a trusted key (${keys.length} key(s) tried)` }
}

/** Fetches and checks every simple-signing layer found for the target. */
export async function checkCosignLayers(client: RegistryClient, target: Target, layers: readonly FoundLayer[], keys: readonly KeyObject[]): Promise<SignatureCheck[]> {
  const out: SignatureCheck[] = []
  for (const l of layers) {
    const at = { layout: l.layout, source: l.digest }
    let payload: Buffer
    try {
      payload = await client.getBlobBytes(target.repository, l.digest, 1024 * 1024)
    } catch (err) {
      if (!(err instanceof ImageError)) throw err
      out.push({ ...at, ok: false, reason: `payload ${l.digest} unusable: ${err.message}` })
      continue
    }
    if (l.mediaType === COSIGN.sigstoreBundle) {
      const b = verifyKeyedBundle(payload, keys, target.digest)
      if ('problem' in b) out.push({ ...at, ok: false, reason: b.problem })
      else if (b.predicateType !== COSIGN_SIGN_PREDICATE) out.push({ ...at, ok: false, reason: `a Sigstore bundle attestation (${b.predicateType}), not a signature` })
      else out.push({ ...at, ok: true, keyId: b.keyId, predicateType: b.predicateType })
      continue
    }
    out.push({ ...at, ...checkCosignLayer(payload, l.annotations?.[COSIGN.signatureAnnotation], keys, target) })
  }
  return out
}
