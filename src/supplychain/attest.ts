import type { KeyObject } from 'node:crypto'
import { ImageError, UserError, sha256Digest } from '../core/index.js'
import type { RegistryClient, RegistryReference } from '../oci/index.js'
import { appendAttachment } from './cosign-sign.js'
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_V1, parseEnvelope, toEnvelope, verifyEnvelope } from './dsse.js'
import type { Statement } from './dsse.js'
import { COSIGN, attachmentTag } from './layout.js'
import { findAttachments } from './resolve.js'
import { isProblem, resolveTarget } from './target.js'

// ref: https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md

/** Predicate types Bulwark writes (cosign's names for the same predicates). */
export const PREDICATE_TYPES = {
  cyclonedx: 'https://cyclonedx.org/bom',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
} as const

/** Builds the in-toto v1 statement about `name@digest`. */
export function toStatement(name: string, digest: string, predicateType: string, predicate: unknown): Statement {
  const [alg, hex] = digest.split(':')
  return { _type: IN_TOTO_STATEMENT_V1, subject: [{ name, digest: { [alg ?? 'sha256']: hex ?? '' } }], predicateType, predicate }
}

/** What `attestImage` needs. */
export interface AttestOptions {
  readonly client: RegistryClient
  readonly reference: RegistryReference
  readonly key: KeyObject
  readonly predicateType: string
  readonly predicate: unknown
}

/** Signs a statement in a DSSE envelope and appends it to the image's `.att` manifest. */
export async function attestImage(o: AttestOptions): Promise<{ digest: string; tag: string; statement: Statement }> {
  const target = await resolveTarget(o.client, o.reference)
  if (isProblem(target)) throw new UserError('INPUT_INVALID', `cannot attest: ${target.problem}`)
  const statement = toStatement(target.identity, target.digest, o.predicateType, o.predicate)
  const env = toEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), o.key)
  const blob = Buffer.from(JSON.stringify(env))
  const layer = {
    mediaType: COSIGN.dsse,
    size: blob.length,
    digest: sha256Digest(blob),
    annotations: { [COSIGN.signatureAnnotation]: '', [COSIGN.predicateTypeAnnotation]: o.predicateType },
  }
  await appendAttachment(o.client, target.repository, target.digest, 'att', layer, blob)
  return { digest: target.digest, tag: attachmentTag(target.digest, 'att'), statement }
}

/** One checked attestation. */
export interface AttestationCheck {
  readonly layout: string
  readonly source: string
  readonly ok: boolean
  readonly reason?: string
  readonly statement?: Statement
}

/** The outcome of verify-attestation. */
export interface AttestationOutcome {
  readonly digest?: string
  readonly checks: readonly AttestationCheck[]
  readonly verified: readonly AttestationCheck[]
  readonly failure?: string
}

function checkStatement(s: Statement, digest: string, predicateType: string | undefined): string | undefined {
  const [alg, hex] = digest.split(':')
  if (!s.subject.some((x) => x.digest[alg ?? 'sha256'] === hex)) {
    const got = s.subject.map((x) => Object.entries(x.digest).map(([a, h]) => `${a}:${h}`).join(',')).join(' ')
    return `the statement is about ${got}, not ${digest}: the manifest was changed or the tag moved`
  }
  if (predicateType !== undefined && s.predicateType !== predicateType) return `predicate type ${s.predicateType}, not ${predicateType}`
  return undefined
}

/** Verifies every attestation of an image; passes when one verified (of `predicateType`, if given). */
export async function verifyAttestations(client: RegistryClient, reference: RegistryReference, keys: readonly KeyObject[], predicateType?: string): Promise<AttestationOutcome> {
  const target = await resolveTarget(client, reference)
  if (isProblem(target)) return { checks: [], verified: [], failure: target.problem }
  const found = await findAttachments(client, target.repository, target.digest, 'att')
  const checks: AttestationCheck[] = []
  for (const l of found.layers.filter((x) => x.mediaType === COSIGN.dsse)) {
    const at = { layout: l.layout, source: l.digest }
    let blob: Buffer
    try {
      blob = await client.getBlobBytes(target.repository, l.digest, 64 * 1024 * 1024)
    } catch (err) {
      if (!(err instanceof ImageError)) throw err
      checks.push({ ...at, ok: false, reason: `envelope ${l.digest} unusable: ${err.message}` })
      continue
    }
    const env = parseEnvelope(blob)
    const r = env ? verifyEnvelope(env, keys) : { problem: 'the layer is not a DSSE envelope' }
    if ('problem' in r) {
      checks.push({ ...at, ok: false, reason: r.problem })
      continue
    }
    const reason = checkStatement(r.statement, target.digest, predicateType)
    checks.push({ ...at, ok: reason === undefined, statement: r.statement, ...(reason ? { reason } : {}) })
  }
  const verified = checks.filter((c) => c.ok)
  if (verified.length > 0) return { digest: target.digest, checks, verified }
  const why = checks.length === 0 ? 'no attestations found (looked in the .att tag and referrers)' : checks.map((c, i) => `attestation ${i + 1} (${c.layout}): ${c.reason}`).join('; ')
  return { digest: target.digest, checks, verified, failure: `no valid attestation for ${target.identity}@${target.digest}: ${why}` }
}
