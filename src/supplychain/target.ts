import { ImageError } from '../core/index.js'
import type { RegistryClient, RegistryReference } from '../oci/index.js'

/** The image a signature is about: repository identity and the digest the tag resolved to. */
export interface Target {
  /** `host/repo` as cosign writes it in `docker-reference`. */
  readonly identity: string
  readonly repository: string
  readonly digest: string
  /** The tag the user named, when any. */
  readonly tag?: string
}

/** Why a reference could not be resolved safely: a lie, not an outage. */
export interface TargetProblem {
  readonly problem: string
}

/** The repository identity of a reference: `host/repo` (Docker Hub as `index.docker.io`). */
export function identityOf(ref: RegistryReference): string {
  const host = ref.registry === 'docker.io' ? 'index.docker.io' : ref.registry
  return `${host}/${ref.repository}`
}

/**
 * Resolves a reference to a digest by fetching its manifest (the client checks the bytes
 * against the digest). A tag that resolves to another digest than the one pinned with
 * `TAG@DIGEST`, or a manifest whose bytes do not hash to the digest the registry claimed, is a
 * problem (verification fails); a missing image or an outage throws.
 */
export async function resolveTarget(client: RegistryClient, ref: RegistryReference): Promise<Target | TargetProblem> {
  const base = { identity: identityOf(ref), repository: ref.repository, ...(ref.tag ? { tag: ref.tag } : {}) }
  const name = `${ref.registry}/${ref.repository}`
  try {
    if (ref.tag && ref.digest) {
      const byTag = await client.getManifest(ref.repository, ref.tag)
      if (byTag.digest !== ref.digest) {
        return { problem: `tag ${name}:${ref.tag} moved: it now points to ${byTag.digest}, not the pinned ${ref.digest}` }
      }
      return { ...base, digest: byTag.digest }
    }
    const m = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest')
    return { ...base, digest: m.digest }
  } catch (err) {
    if (err instanceof ImageError && err.code === 'DIGEST_MISMATCH') {
      return { problem: `the registry served a manifest for ${name}:${ref.tag ?? ref.digest ?? 'latest'} whose content does not match its digest (changed manifest): ${err.message}` }
    }
    throw err
  }
}

/** True when the result is a problem rather than a target. */
export function isProblem(t: Target | TargetProblem): t is TargetProblem {
  return 'problem' in t
}
