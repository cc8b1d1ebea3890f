// ref: https://getcomposer.org/doc/articles/versions.md
// ref: https://www.php.net/manual/en/function.version-compare.php
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed, sign } from './internal.js'
import type { Ordering } from './internal.js'

/** A Composer version normalized as VersionParser::normalize does (`v1.2` -> `1.2.0.0`). */
export interface ComposerVersion {
  readonly normalized: string
  /** True for a named branch (`dev-main`), which Composer does not order against numbers. */
  readonly branch: boolean
}

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?'
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i')
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i')
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/
const STABILITY: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' }

function withModifier(base: string, m: RegExpExecArray, at: number): string {
  const stability = m[at]
  let v = base
  if (stability !== undefined && stability !== '') {
    const s = stability.toLowerCase()
    if (s === 'stable') return v
    v += `-${STABILITY[s] ?? s}${(m[at + 1] ?? '').replace(/^[.-]+/, '')}`
  }
  if (m[at + 2]) v += '-dev'
  return v
}

function normalizeBranch(name: string): ComposerVersion {
  if (/^(?:master|trunk|default)$/i.test(name)) return { normalized: '9999999-dev', branch: false }
  const m = NUMERIC_BRANCH.exec(name)
  if (!m) return { normalized: `dev-${name}`, branch: true }
  const parts = [m[1], m[2], m[3], m[4]].map((p) =>
    p === undefined ? '9999999' : p.replace(/^\./, '').replace(/^[xX*]$/, '9999999'),
  )
  return { normalized: `${parts.join('.')}-dev`, branch: false }
}

/** Normalizes a Composer version string; undefined for what VersionParser would reject. */
export function parse(input: string): ComposerVersion | undefined {
  let v = input.trim().replace(/ +as +\S+$/, '')
  if (v === '' || /\s/.test(v)) return undefined
  if (/^(?:dev-)?(?:master|trunk|default)$/i.test(v)) return { normalized: '9999999-dev', branch: false }
  if (v.toLowerCase().startsWith('dev-')) return { normalized: `dev-${v.slice(4)}`, branch: true }
  const build = /^([^,\s+]+)\+\S+$/.exec(v) // build metadata is dropped
  if (build?.[1] !== undefined) v = build[1]
  const classical = CLASSICAL.exec(v)
  if (classical) {
    const base = `${classical[1]}${classical[2] ?? '.0'}${classical[3] ?? '.0'}${classical[4] ?? '.0'}`
    return { normalized: withModifier(base, classical, 5), branch: false }
  }
  const date = DATE.exec(v)
  if (date?.[1] !== undefined) return { normalized: withModifier(date[1].replace(/\D/g, '.'), date, 2), branch: false }
  const dev = /^(.*?)[.-]?dev$/i.exec(v)
  if (dev?.[1]) return normalizeBranch(dev[1])
  return undefined
}

const isDigitChar = (c: string): boolean => c >= '0' && c <= '9'
const isAlnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c)

/**
 * PHP's canonical form: '-', '_', '+' and other symbols become '.', and a '.' is inserted where
 * letters meet digits (`1.0rc1` -> `1.0.rc.1`). The first character is kept as it is.
 */
export function canonicalize(v: string): string[] {
  const chars = [...v]
  let out = chars[0] ?? ''
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] ?? ''
    const prev = chars[i - 1] ?? ''
    const dot = out.endsWith('.') ? '' : '.'
    const transition =
      prev !== '.' && c !== '.' && isDigitChar(prev) !== isDigitChar(c)
    if (c === '-' || c === '_' || c === '+') out += dot
    else if (transition) out += dot + c
    else if (!isAlnum(c)) out += dot
    else out += c
  }
  return out.split('.')
}

const SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5],
]

/** version_compare's special forms, matched by prefix; unknown words rank lowest. */
function specialRank(form: string): number {
  return SPECIAL.find(([name]) => form.startsWith(name))?.[1] ?? -6
}

const isNumber = (p: string): boolean => /^\d+$/.test(p)

function comparePart(x: string, y: string): Ordering {
  if (isNumber(x) && isNumber(y)) return compareDigits(x, y)
  return sign(specialRank(isNumber(x) ? '#' : x) - specialRank(isNumber(y) ? '#' : y))
}

/** PHP's version_compare(), which Composer's Comparator uses on normalized versions. */
export function versionCompare(a: string, b: string): Ordering {
  const x = canonicalize(a)
  const y = canonicalize(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = comparePart(x[i] ?? '', y[i] ?? '')
    if (c !== 0) return c
  }
  const [rest, flip] = x.length > y.length ? [x[y.length] ?? '', 1] : [y[x.length] ?? '', -1]
  if (x.length === y.length) return 0
  const c: Ordering = isNumber(rest) ? 1 : comparePart(rest, '#')
  return (c * flip) as Ordering
}

function order(x: ComposerVersion, y: ComposerVersion): Ordering {
  // Two named branches have no order in Composer; string order keeps the result total.
  if (x.branch && y.branch) return compareStrings(x.normalized, y.normalized)
  return versionCompare(x.normalized, y.normalized)
}

/**
 * Orders two Composer (Packagist) versions: VersionParser::normalize, then PHP's
 * version_compare (dev < alpha < beta < RC < release < patch). A named branch (`dev-main`) sorts
 * below every numbered version. Unparseable input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a version Composer's VersionParser can normalize. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The composer scheme: Packagist packages. */
export const composer: VersionScheme = {
  id: 'composer',
  isValid,
  compare,
  memoized: () => rememberParsed('composer', parse, order),
}
