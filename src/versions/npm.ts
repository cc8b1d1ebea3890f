// ref: https://docs.npmjs.com/about-semantic-versioning
// ref: https://github.com/npm/node-semver#ranges
import { Range, SemVer } from 'semver'
import type { VersionScheme } from './scheme.js'
import { compareParsed, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** Parses an npm version as npm itself does (node-semver, loose: `v1.2.3`, `=1.2.3`, `1.2.3beta`). */
export function parse(input: string): SemVer | undefined {
  try {
    return new SemVer(input.trim(), { loose: true })
  } catch {
    return undefined
  }
}

const npmOrder = (x: SemVer, y: SemVer): Ordering => x.compare(y)

/** Orders two npm versions by SemVer precedence; unparseable input falls back to string order. */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, npmOrder)
}

/** True for a version npm accepts. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** Options of {@link satisfies}. */
export interface SatisfiesOptions {
  /**
   * Let pre-releases match ordinary comparators (default true). npm's install-time default
   * (false) hides `1.2.3-beta` from `<1.2.3`; a vulnerability range must not.
   */
  readonly includePrerelease?: boolean
}

/**
 * True when `version` lies in the npm-style `range` (`>=1.2.0 <1.2.5 || ^2.0.0`, `~1.2`, `1.x`).
 * The version is read loosely, as npm reads installed versions; the range strictly, because
 * node-semver's loose mode silently drops comparators it cannot read (`>=1.0.0 <garbage` would
 * become `>=1.0.0` and widen a vulnerable range). Invalid versions or ranges give false, never
 * an exception.
 */
export function satisfies(version: string, range: string, options: SatisfiesOptions = {}): boolean {
  const v = parse(version)
  if (v === undefined) return false
  const includePrerelease = options.includePrerelease ?? true
  try {
    return new Range(range, { includePrerelease }).test(v)
  } catch {
    return false
  }
}

/** The npm scheme: npm packages (SemVer with npm's lenient parsing). */
export const npm: VersionScheme = {
  id: 'npm',
  isValid,
  compare,
  memoized: () => rememberParsed('npm', parse, npmOrder),
}
