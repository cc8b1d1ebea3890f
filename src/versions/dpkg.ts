// ref: https://www.debian.org/doc/debian-policy/ch-controlfields.html#version
// ref: https://man7.org/linux/man-pages/man7/deb-version.7.html
import type { VersionScheme } from './scheme.js'
import { compareParsed, rememberParsed, sign } from './internal.js'
import type { Ordering } from './internal.js'

/** A parsed Debian version: `[epoch:]upstream_version[-debian_revision]`. */
export interface DpkgVersion {
  readonly epoch: number
  readonly upstream: string
  readonly revision: string
  /** False when dpkg would only warn: upstream not starting with a digit, or a character outside Policy's set. */
  readonly conforming: boolean
}

const MAX_EPOCH = 2_147_483_647 // dpkg rejects epochs above INT_MAX
const UPSTREAM_CHARS = /^[A-Za-z0-9.+~:-]*$/
const REVISION_CHARS = /^[A-Za-z0-9.+~]*$/

/**
 * Parses a Debian version the way dpkg's parseversion() does: hard errors (empty, embedded
 * spaces, a bad or huge epoch, an empty upstream part) give undefined; what dpkg only warns
 * about still parses, with `conforming: false`, because `dpkg --compare-versions` orders it.
 */
export function parse(input: string): DpkgVersion | undefined {
  const v = input.trim()
  if (v === '' || /\s/.test(v)) return undefined
  let epoch = 0
  let rest = v
  const colon = v.indexOf(':')
  if (colon >= 0) {
    const digits = v.slice(0, colon)
    if (!/^\d+$/.test(digits)) return undefined
    epoch = Number(digits)
    if (epoch > MAX_EPOCH) return undefined
    rest = v.slice(colon + 1)
  }
  const hyphen = rest.lastIndexOf('-')
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : ''
  if (upstream === '') return undefined
  const conforming =
    /^\d/.test(upstream) && UPSTREAM_CHARS.test(upstream) && REVISION_CHARS.test(revision)
  return { epoch, upstream, revision, conforming }
}

/** Weight of one non-digit character: '~' below the end of the string, letters below symbols. */
function charOrder(s: string, i: number): number {
  if (i >= s.length) return 0
  const c = s.charCodeAt(i)
  if (c >= 48 && c <= 57) return 0
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c
  if (c === 126) return -1
  return c + 256
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i)
  return c >= 48 && c <= 57
}

/** Debian's verrevcmp: alternating non-digit and digit runs, compared left to right. */
export function compareFragment(a: string, b: string): Ordering {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigitAt(a, i)) || (j < b.length && !isDigitAt(b, j))) {
      const d = charOrder(a, i) - charOrder(b, j)
      if (d !== 0) return sign(d)
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    let firstDiff = 0
    while (isDigitAt(a, i) && isDigitAt(b, j)) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (isDigitAt(a, i)) return 1
    if (isDigitAt(b, j)) return -1
    if (firstDiff !== 0) return sign(firstDiff)
  }
  return 0
}

function order(x: DpkgVersion, y: DpkgVersion): Ordering {
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch)
  const up = compareFragment(x.upstream, y.upstream)
  if (up !== 0) return up
  return compareFragment(x.revision, y.revision)
}

/**
 * Orders two Debian versions exactly as `dpkg --compare-versions` does (epoch, then upstream,
 * then revision, each with Policy 5.6.12's rules). Unparseable input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a version Debian Policy accepts (dpkg would neither fail nor warn). */
export function isValid(v: string): boolean {
  return parse(v)?.conforming === true
}

/** The dpkg scheme: Debian and Ubuntu packages. */
export const dpkg: VersionScheme = {
  id: 'dpkg',
  isValid,
  compare,
  memoized: () => rememberParsed('dpkg', parse, order, (p) => p?.conforming === true),
}
