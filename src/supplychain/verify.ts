import type { RegistryClient, RegistryReference } from '../oci/index.js'
import { checkClaims, checkCosignLayers } from './cosign-verify.js'
import type { SignatureCheck } from './cosign-verify.js'
import { gpgVerify } from './gpg.js'
import { readLookaside } from './lookaside.js'
import { ATOMIC_PAYLOAD_TYPE, parseSimpleSigning } from './payload.js'
import { getExtensionSignatures, supportsSignatureExtension } from './registry-ext.js'
import { findAttachments } from './resolve.js'
import type { AttachmentLayout } from './resolve.js'
import { isProblem, resolveTarget } from './target.js'
import type { Target } from './target.js'
import type { TrustedKeys } from './trust.js'

/** What `verifyImage` needs. */
export interface VerifyImageOptions {
  readonly client: RegistryClient
  readonly reference: RegistryReference
  readonly keys: TrustedKeys
  /** Lookaside base (folder, file:// or http(s)://) for GPG signatures. */
  readonly lookaside?: string
  /**
   * The repository the signatures must name (`docker-reference`), when it is not the one the
   * image is read from: a mirror or a copy of an image signed under its original name.
   */
  readonly identity?: string
}

/** The outcome of verifying an image. */
export interface VerifyOutcome {
  readonly reference: string
  readonly digest?: string
  /** Where signatures were looked up and found. */
  readonly layouts: readonly string[]
  readonly checks: readonly SignatureCheck[]
  /** Checks that passed. */
  readonly verified: readonly SignatureCheck[]
  /** Why verification failed; undefined when at least one signature verified. */
  readonly failure?: string
}

async function gpgChecks(o: VerifyImageOptions, target: Target): Promise<{ layouts: string[]; checks: SignatureCheck[] }> {
  const sources: { layout: string; sigs: Buffer[] }[] = []
  if (o.lookaside) sources.push({ layout: 'lookaside', sigs: await readLookaside(o.lookaside, target.repository, target.digest) })
  if (await supportsSignatureExtension(o.client)) {
    sources.push({ layout: 'extension-api', sigs: await getExtensionSignatures(o.client, target.repository, target.digest) })
  }
  const checks: SignatureCheck[] = []
  const layouts: string[] = []
  for (const { layout, sigs } of sources) {
    if (sigs.length > 0) layouts.push(layout)
    for (const [i, sig] of sigs.entries()) {
      const at = { layout, source: `signature-${i + 1}` }
      const r = await gpgVerify(sig, o.keys.pgp)
      if ('problem' in r) {
        checks.push({ ...at, ok: false, reason: r.problem })
        continue
      }
      const payload = parseSimpleSigning(r.payload)
      const reason = checkAtomicClaims(payload, target)
      checks.push({ ...at, ok: reason === undefined, keyId: r.fingerprint, ...(payload ? { payload } : {}), ...(reason ? { reason } : {}) })
    }
  }
  return { layouts, checks }
}

/** Atomic signatures name the tag too: `host/repo:tag` must match the reference when it has a tag. */
function checkAtomicClaims(payload: ReturnType<typeof parseSimpleSigning>, target: Target): string | undefined {
  const base = checkClaims(payload, target, ATOMIC_PAYLOAD_TYPE)
  if (base || !payload || !target.tag) return base
  const ident = payload.critical.identity['docker-reference']
  const tag = /:([^/:@]+)$/.exec(ident)?.[1]
  if (tag !== undefined && tag !== target.tag) return `the signature is for tag ${ident}, not ${target.identity}:${target.tag} (re-tagged image)`
  return undefined
}

function summarize(ref: string, target: Target, checks: readonly SignatureCheck[], looked: string): string {
  if (checks.length === 0) return `no signatures found for ${ref} (${target.digest}); looked in ${looked}`
  const reasons = checks.map((c, i) => `signature ${i + 1} (${c.layout}): ${c.reason ?? 'failed'}`)
  return `no valid signature for ${ref} (${target.digest}): ${reasons.join('; ')}`
}

/**
 * Verifies an image: resolves the reference to a digest, finds every cosign signature (tag and
 * referrers) and, with OpenPGP keys, every GPG signature (lookaside, extension API), checks each,
 * and passes when at least one verified with a trusted key and its claims match the image.
 */
export async function verifyImage(o: VerifyImageOptions): Promise<VerifyOutcome> {
  const ref = `${o.reference.registry}/${o.reference.repository}${o.reference.tag ? `:${o.reference.tag}` : ''}${o.reference.digest ? `@${o.reference.digest}` : ''}`
  const resolved = await resolveTarget(o.client, o.reference)
  if (isProblem(resolved)) return { reference: ref, layouts: [], checks: [], verified: [], failure: resolved.problem }
  const target = o.identity !== undefined ? { ...resolved, identity: o.identity } : resolved
  const checks: SignatureCheck[] = []
  const layouts: string[] = []
  const looked: string[] = []
  {
    // Looked up even without PEM keys: a signature by an unknown key is 'invalid', not 'unsigned'.
    const found = await findAttachments(o.client, target.repository, target.digest, 'sig')
    layouts.push(...found.layouts)
    looked.push('the .sig tag and referrers')
    checks.push(...(await checkCosignLayers(o.client, target, found.layers, o.keys.pem)))
  }
  if (o.keys.pgp.length > 0) {
    const g = await gpgChecks(o, target)
    layouts.push(...g.layouts)
    looked.push(o.lookaside ? `lookaside ${o.lookaside} and the signature extension API` : 'the signature extension API (no --lookaside given)')
    checks.push(...g.checks)
  }
  const verified = checks.filter((c) => c.ok)
  const failure = verified.length > 0 ? undefined : summarize(ref, target, checks, looked.join(', '))
  return { reference: ref, digest: target.digest, layouts, checks, verified, ...(failure ? { failure } : {}) }
}

export type { AttachmentLayout }
