import { splitNameAtRange } from '../internal/lang-npm.js'

// ref: https://github.com/pnpm/spec/blob/master/lockfile/6.0.md (key formats of 5.x, 6.x, 9.x)

/** A package name and version read from a pnpm-lock.yaml `packages` key. */
export interface PnpmPackageId {
  readonly name: string
  /** Undefined when the key holds a git or tarball reference instead of a registry version. */
  readonly version: string | undefined
}

/** Drops the peer-dependency suffix: `(react@18.2.0)` in 6.x/9.x keys, `_react@17.0.2` in 5.x. */
export function stripPeerSuffix(version: string, major: number): string {
  const paren = version.indexOf('(')
  const cut = paren >= 0 ? version.slice(0, paren) : version
  // A semver version never contains "_", so in 5.x it can only start the peer suffix.
  return major < 6 ? (cut.split('_')[0] ?? cut) : cut
}

/**
 * Reads a `packages` key of any lockfile version:
 * 5.x `/name/1.0.0`, `/@scope/name/1.0.0_peer@1.0.0` (optionally prefixed by a registry host);
 * 6.x `/name@1.0.0(peer@1.0.0)`; 9.x `name@1.0.0`. The version is undefined for references that
 * are not registry versions (git hosts, tarball URLs): their entries carry `version` instead.
 */
export function parsePnpmKey(key: string, major: number): PnpmPackageId | undefined {
  const k = key.startsWith('/') ? key.slice(1) : key
  let name: string | undefined
  let version: string | undefined
  if (major < 6) {
    const parts = k.split('/')
    version = parts.at(-1)
    const scoped = (parts.at(-3) ?? '').startsWith('@')
    name = scoped ? `${parts.at(-3)}/${parts.at(-2)}` : parts.at(-2)
  } else {
    const split = splitNameAtRange(stripPeerSuffix(k, major))
    name = split?.name
    version = split?.range
  }
  if (!name) return undefined
  version = version === undefined ? undefined : stripPeerSuffix(version, major)
  return { name, version: version && /^\d/.test(version) ? version : undefined }
}

/**
 * The snapshot key a dependency reference points at in 9.x: `name@version`, or the reference
 * itself when it names another package (an alias: `lodash-alias: lodash@4.17.21`). Local links
 * (`link:../x`) are not packages and give undefined.
 */
export function snapshotKeyOf(name: string, ref: string): string | undefined {
  if (ref.startsWith('link:') || ref.startsWith('file:')) return undefined
  if (/^\d/.test(ref)) return `${name}@${ref}`
  return ref.indexOf('@', 1) > 0 ? ref : `${name}@${ref}`
}
