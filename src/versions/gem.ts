// ref: https://guides.rubygems.org/patterns/#semantic-versioning
// ref: https://github.com/ruby/rubygems/blob/master/lib/rubygems/version.rb (behaviour)
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** A segment of a gem version: a number (digit string) or a letter run (pre-release marker). */
export type GemSegment = { readonly n: string } | { readonly s: string }

/** A parsed RubyGems version: its normalized string and canonical comparison segments. */
export interface GemVersion {
  readonly version: string
  readonly segments: readonly GemSegment[]
}

const PATTERN = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/

/**
 * SemVer-style hyphens become RubyGems pre-release segments: `1.0.0-beta.1` -> `1.0.0.beta.1`,
 * but `1.0.0-1` -> `1.0.0.pre.1` so that it stays a pre-release.
 */
function normalizeHyphens(v: string): string {
  if (!v.includes('-')) return v
  return v
    .split('-')
    .map((part, i) => (i === 0 || /[a-zA-Z]/.test(part.split('.')[0] ?? '') ? part : `pre.${part}`))
    .join('.')
}

function partition(v: string): GemSegment[] {
  return (v.match(/\d+|[a-z]+/gi) ?? []).map((t) => (/^\d/.test(t) ? { n: t.replace(/^0+(?=\d)/, '') } : { s: t }))
}

/** Canonical segments: trailing zeros dropped, zeros before the first letter dropped, redundant `pre` skipped. */
function canonical(v: string): GemSegment[] {
  let c = v.replace(/(?<=[a-zA-Z.])[.0]+$/, '')
  if (/[a-zA-Z]/.test(v)) c = c.replace(/(?<=\.|^)[0.]+(?=[a-zA-Z])/, '')
  const segs = partition(c)
  return segs.filter((seg, i) => !('s' in seg && seg.s === 'pre' && segs[i + 1] !== undefined && 's' in (segs[i + 1] ?? {})))
}

/** Parses a RubyGems version (blank means `0`); undefined when Gem::Version would raise. */
export function parse(input: string): GemVersion | undefined {
  if (!PATTERN.test(input)) return undefined
  const trimmed = input.trim()
  const version = trimmed === '' ? '0' : normalizeHyphens(trimmed)
  return { version, segments: canonical(version) }
}

function compareSegment(x: GemSegment, y: GemSegment): Ordering {
  if ('n' in x && 'n' in y) return compareDigits(x.n, y.n)
  if ('s' in x && 's' in y) return compareStrings(x.s, y.s)
  return 's' in x ? -1 : 1 // a letter segment is below a number
}

/** Remaining segments of the longer version decide: a letter makes it older, a non-zero number newer. */
function compareTail(rest: readonly GemSegment[]): Ordering {
  for (const seg of rest) {
    if ('s' in seg) return -1
    if (seg.n !== '0') return 1
  }
  return 0
}

function order(x: GemVersion, y: GemVersion): Ordering {
  if (x.version === y.version) return 0
  const a = x.segments
  const b = y.segments
  const limit = Math.min(a.length, b.length)
  for (let i = 0; i < limit; i++) {
    const c = compareSegment(a[i] as GemSegment, b[i] as GemSegment)
    if (c !== 0) return c
  }
  if (a.length >= b.length) return compareTail(a.slice(limit))
  const t = compareTail(b.slice(limit))
  return t === 0 ? 0 : t === 1 ? -1 : 1
}

/**
 * Orders two gem versions as Gem::Version#<=> does (`1.0` == `1.0.0`, `1.0.a` < `1.0`,
 * letters compared byte-wise). Unparseable input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True when Gem::Version.correct? would accept the string. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** True for a pre-release (any letter in the version). */
export function isPrerelease(v: GemVersion): boolean {
  return /[a-zA-Z]/.test(v.version)
}

/** The gem scheme: RubyGems. */
export const gem: VersionScheme = {
  id: 'gem',
  isValid,
  compare,
  memoized: () => rememberParsed('gem', parse, order),
}
