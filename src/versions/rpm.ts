// ref: https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning
// ref: https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.cc (behaviour)
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** A parsed RPM EVR: `[epoch:]version[-release]`. */
export interface RpmVersion {
  readonly epoch: number
  readonly version: string
  /** Empty when the string names no release (then the release is not compared, as in rpm). */
  readonly release: string
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
const isSeparator = (c: string | undefined): boolean =>
  c !== undefined && !isDigit(c) && !isAlpha(c) && c !== '~' && c !== '^'

/** Handles a '~' or '^' at the current positions; undefined when neither side has one. */
function compareMarkers(a: string, i: number, b: string, j: number): Ordering | 'both' | undefined {
  const x = a[i]
  const y = b[j]
  if (x === '~' || y === '~') {
    // Tilde sorts before everything, even the end of the string: 1.0~rc1 < 1.0.
    if (x !== '~') return 1
    if (y !== '~') return -1
    return 'both'
  }
  if (x === '^' || y === '^') {
    // Caret sorts after the end of the string but before anything else: 1.0 < 1.0^git1 < 1.0.1.
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (x !== '^') return 1
    if (y !== '^') return -1
    return 'both'
  }
  return undefined
}

/** rpmvercmp: compares one version or release string segment by segment. */
export function compareSegments(a: string, b: string): Ordering {
  if (a === b) return 0
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while (isSeparator(a[i])) i++
    while (isSeparator(b[j])) j++
    const marker = compareMarkers(a, i, b, j)
    if (marker === 'both') {
      i++
      j++
      continue
    }
    if (marker !== undefined) return marker
    if (i >= a.length || j >= b.length) break
    const numeric = isDigit(a[i])
    const take = numeric ? isDigit : isAlpha
    let ei = i
    let ej = j
    while (take(a[ei])) ei++
    while (take(b[ej])) ej++
    // A numeric segment is newer than an alphabetic one.
    if (ej === j) return numeric ? 1 : -1
    const x = a.slice(i, ei)
    const y = b.slice(j, ej)
    const c = numeric ? compareDigits(x, y) : compareStrings(x, y)
    if (c !== 0) return c
    i = ei
    j = ej
  }
  if (i >= a.length && j >= b.length) return 0
  return i >= a.length ? -1 : 1
}

/** Parses `[epoch:]version[-release]`; undefined for an empty version or a non-numeric epoch. */
export function parse(input: string): RpmVersion | undefined {
  const v = input.trim()
  if (v === '' || /\s/.test(v)) return undefined
  let rest = v
  let epoch = 0
  const colon = v.indexOf(':')
  if (colon >= 0) {
    const digits = v.slice(0, colon)
    if (!/^\d{1,9}$/.test(digits)) return undefined
    epoch = Number(digits)
    rest = v.slice(colon + 1)
  }
  const hyphen = rest.lastIndexOf('-')
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest
  const release = hyphen >= 0 ? rest.slice(hyphen + 1) : ''
  if (version === '' || (hyphen >= 0 && release === '')) return undefined
  return { epoch, version, release }
}

function order(x: RpmVersion, y: RpmVersion): Ordering {
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1
  const v = compareSegments(x.version, y.version)
  if (v !== 0 || x.release === '' || y.release === '') return v
  return compareSegments(x.release, y.release)
}

/**
 * Orders two RPM EVR strings as rpm does: epoch (missing = 0), then version, then release with
 * rpmvercmp. As in rpm's dependency matching, a side without a release matches any release of
 * the same version. Unparseable input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a non-empty EVR with a numeric epoch (if any) and no whitespace. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The rpm scheme: Red Hat, Rocky, Alma, SUSE and other RPM-based distributions. */
export const rpm: VersionScheme = {
  id: 'rpm',
  isValid,
  compare,
  memoized: () => rememberParsed('rpm', parse, order),
}
