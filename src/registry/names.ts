import { RegistryError } from './errors.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-manifests
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/
// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
const HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 }

/** Longest repository name accepted (the spec asks clients to keep host + name under 255). */
export const MAX_NAME_LENGTH = 255

/** True when `name` is a repository name the spec allows. */
export function isRepositoryName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && NAME.test(name)
}

/** True when `tag` matches the spec's tag grammar. */
export function isTag(tag: string): boolean {
  return TAG.test(tag)
}

/** True when `ref` looks like a digest (algorithm:encoded), supported or not. */
export function looksLikeDigest(ref: string): boolean {
  return ref.includes(':')
}

/** A parsed, supported digest (sha256 or sha512 with lowercase hex). */
export interface Digest {
  readonly algorithm: 'sha256' | 'sha512'
  readonly hex: string
  readonly text: string
}

/** Parses a digest; DIGEST_INVALID for a malformed or unsupported one. */
export function parseDigest(text: string): Digest {
  const invalid = (why: string): RegistryError =>
    new RegistryError('DIGEST_INVALID', `digest ${JSON.stringify(text.slice(0, 200))} ${why}`)
  if (!DIGEST.test(text)) throw invalid('is malformed')
  const colon = text.indexOf(':')
  const algorithm = text.slice(0, colon)
  const hex = text.slice(colon + 1)
  const len = HEX_LENGTH[algorithm]
  if (len === undefined) throw invalid(`uses an unsupported algorithm`)
  if (hex.length !== len || !/^[a-f0-9]+$/.test(hex)) throw invalid('has a wrong encoding')
  return { algorithm: algorithm as Digest['algorithm'], hex, text }
}

/** What a /v2/ path names once the repository name (which may hold slashes) is split off. */
export type RegistryRoute =
  | { readonly kind: 'base' }
  | { readonly kind: 'catalog' }
  | { readonly kind: 'token' }
  | { readonly kind: 'manifest'; readonly name: string; readonly reference: string }
  | { readonly kind: 'blob'; readonly name: string; readonly digest: string }
  | { readonly kind: 'upload'; readonly name: string; readonly uuid: string }
  | { readonly kind: 'tags'; readonly name: string }
  | { readonly kind: 'referrers'; readonly name: string; readonly digest: string }

// Greedy `(.+)` binds the name to everything before the LAST endpoint keyword, so a
// repository may itself contain a component called "manifests" or "blobs".
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => RegistryRoute][] = [
  [/^(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', name: m[1]!, reference: m[2]! })],
  [/^(.+)\/blobs\/uploads\/([^/]*)$/, (m) => ({ kind: 'upload', name: m[1]!, uuid: m[2]! })],
  [/^(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1]!, digest: m[2]! })],
  [/^(.+)\/tags\/list$/, (m) => ({ kind: 'tags', name: m[1]! })],
  [/^(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: 'referrers', name: m[1]!, digest: m[2]! })],
]

/**
 * Parses the part of a URL path after `/v2/` (no query). Undefined for an unknown endpoint;
 * NAME_INVALID when the endpoint is known but the repository name breaks the grammar.
 */
export function parseRegistryPath(tail: string): RegistryRoute | undefined {
  if (tail === '') return { kind: 'base' }
  if (tail === '_catalog') return { kind: 'catalog' }
  if (tail === 'token') return { kind: 'token' }
  for (const [re, make] of PATTERNS) {
    const m = re.exec(tail)
    if (!m) continue
    const route = make(m)
    if ('name' in route && !isRepositoryName(route.name)) {
      throw new RegistryError('NAME_INVALID', `invalid repository name ${JSON.stringify(route.name.slice(0, 300))}`)
    }
    return route
  }
  return undefined
}
