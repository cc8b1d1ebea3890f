/** Helpers shared by the version schemes (not exported from index.ts). */
import type { VersionScheme } from './scheme.js'

/** A comparison result in the -1 | 0 | 1 form every scheme returns. */
export type Ordering = -1 | 0 | 1

/** Reduces any number (or bigint) to its sign. */
export function sign(n: number | bigint): Ordering {
  if (n < 0) return -1
  if (n > 0) return 1
  return 0
}

/** Code-unit string comparison: the documented last resort for versions a scheme cannot parse. */
export function compareStrings(a: string, b: string): Ordering {
  if (a === b) return 0
  return a < b ? -1 : 1
}

/**
 * Compares two strings of ASCII digits as unbounded non-negative integers
 * (leading zeros ignored), so 20-digit dates and build stamps never overflow.
 */
export function compareDigits(a: string, b: string): Ordering {
  const x = a.replace(/^0+/, '')
  const y = b.replace(/^0+/, '')
  if (x.length !== y.length) return x.length < y.length ? -1 : 1
  return compareStrings(x, y)
}

/**
 * Longest string any scheme reads as a version. Real versions are far shorter (Maven caps them
 * at 256); the bound keeps hostile input from costing more than linear work in the parsers.
 */
export const MAX_VERSION_LENGTH = 1024

/**
 * Parses both sides and orders them with `order`; when either side does not parse (or is longer
 * than {@link MAX_VERSION_LENGTH}), falls back to plain string comparison so that compare never
 * throws.
 */
export function compareParsed<T>(
  a: string,
  b: string,
  parse: (v: string) => T | undefined,
  order: (x: T, y: T) => Ordering,
): Ordering {
  if (a.length > MAX_VERSION_LENGTH || b.length > MAX_VERSION_LENGTH) return compareStrings(a, b)
  const x = parse(a)
  const y = parse(b)
  if (x === undefined || y === undefined) return compareStrings(a, b)
  return order(x, y)
}

/**
 * The `memoized()` scheme of a scheme built on {@link compareParsed}: `compare` as there, with
 * each distinct string parsed once; `valid` decides `isValid` from the parse as the scheme's own
 * `isValid` does. Parsed values are shared between comparisons, so `order` must not change them.
 */
export function rememberParsed<T>(
  id: string,
  parse: (v: string) => T | undefined,
  order: (x: T, y: T) => Ordering,
  valid: (parsed: T | undefined, v: string) => boolean = (p) => p !== undefined,
): VersionScheme {
  const seen = new Map<string, T | null>()
  const parsed = (v: string): T | undefined => {
    let p = seen.get(v)
    if (p === undefined) seen.set(v, (p = parse(v) ?? null))
    return p ?? undefined
  }
  return {
    id,
    isValid: (v) => valid(parsed(v), v),
    compare: (a, b) => compareParsed(a, b, parsed, order),
  }
}
