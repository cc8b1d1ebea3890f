// ref: https://semver.org/spec/v2.0.0.html
import { SemVer } from 'semver'
import type { VersionScheme } from './scheme.js'
import { compareParsed, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/**
 * Parses a strict SemVer 2.0.0 version (a leading `v` or `=` is tolerated, as node-semver does);
 * undefined when the string is not one.
 */
export function parse(input: string): SemVer | undefined {
  try {
    return new SemVer(input.trim())
  } catch {
    return undefined
  }
}

/** SemVer precedence: build metadata ignored, pre-releases below their release. */
function order(x: SemVer, y: SemVer): Ordering {
  return x.compare(y)
}

/**
 * Orders two SemVer 2.0.0 versions by precedence (node-semver does the work). Unparseable
 * input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a SemVer 2.0.0 version. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The semver scheme: crates.io, Hex, Pub and OSV `SEMVER` ranges. */
export const semver: VersionScheme = {
  id: 'semver',
  isValid,
  compare,
  memoized: () => rememberParsed('semver', parse, order),
}
