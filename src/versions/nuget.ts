// ref: https://learn.microsoft.com/en-us/nuget/concepts/package-versioning
// ref: https://semver.org/spec/v2.0.0.html#spec-item-11
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** A parsed NuGet version: up to four numbers, release labels, metadata (ignored when ordering). */
export interface NuGetVersion {
  /** major, minor, patch, revision; missing parts are "0". */
  readonly numbers: readonly [string, string, string, string]
  readonly release: readonly string[]
  readonly metadata: string
}

const IDENT = '[0-9A-Za-z-]+'
const PATTERN = new RegExp(
  `^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`,
)
const MAX_PART = 2_147_483_647 // System.Version parts are Int32

/**
 * Parses a NuGet version as NuGetVersion.Parse does: 1 to 4 numeric parts (leading zeros
 * allowed, `1.022` == `1.22`), optional release labels and metadata; surrounding whitespace
 * ignored. Undefined when invalid.
 */
export function parse(input: string): NuGetVersion | undefined {
  const m = PATTERN.exec(input.trim())
  if (!m) return undefined
  const numbers = [m[1], m[2], m[3], m[4]].map((n) => (n ?? '0').replace(/^0+(?=\d)/, ''))
  if (numbers.some((n) => compareDigits(n, String(MAX_PART)) > 0)) return undefined
  const release = m[5] === undefined ? [] : m[5].split('.')
  if (release.some((id) => /^0\d+$/.test(id))) return undefined // numeric ids: no leading zeros
  const [major = '0', minor = '0', patch = '0', revision = '0'] = numbers
  return { numbers: [major, minor, patch, revision], release, metadata: m[6] ?? '' }
}

const isNumeric = (id: string): boolean => /^\d+$/.test(id)

/** Release labels: a release above any pre-release; numeric ids below alphanumeric, case-insensitive. */
function compareRelease(x: readonly string[], y: readonly string[]): Ordering {
  if (x.length === 0 || y.length === 0) {
    if (x.length === y.length) return 0
    return x.length === 0 ? 1 : -1
  }
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i] ?? ''
    const b = y[i] ?? ''
    const an = isNumeric(a)
    const bn = isNumeric(b)
    const c = an && bn ? compareDigits(a, b) : an !== bn ? (an ? -1 : 1) : compareStrings(a.toLowerCase(), b.toLowerCase())
    if (c !== 0) return c
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

function order(x: NuGetVersion, y: NuGetVersion): Ordering {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(x.numbers[i] ?? '0', y.numbers[i] ?? '0')
    if (c !== 0) return c
  }
  return compareRelease(x.release, y.release)
}

/**
 * Orders two NuGet versions as VersionComparer.Default does: four numeric parts, then release
 * labels (case-insensitive); metadata is ignored. Unparseable input falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a version NuGetVersion.Parse accepts. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The nuget scheme: NuGet packages. */
export const nuget: VersionScheme = {
  id: 'nuget',
  isValid,
  compare,
  memoized: () => rememberParsed('nuget', parse, order),
}
