// ref: https://go.dev/ref/mod#versions
// ref: https://pkg.go.dev/golang.org/x/mod/semver
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** A parsed Go module version. Shorthands `v1` and `v1.2` fill in zeros. */
export interface GoVersion {
  readonly major: string
  readonly minor: string
  readonly patch: string
  /** Pre-release identifiers; pseudo-versions keep their timestamp-hash here. */
  readonly prerelease: readonly string[]
  /** Build metadata such as `incompatible`; never affects ordering. */
  readonly build: string
}

const NUM = '(0|[1-9][0-9]*)'
const IDENT = '[0-9A-Za-z-]+'
const FULL = new RegExp(
  `^v${NUM}\\.${NUM}\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`,
)
const SHORT = new RegExp(`^v${NUM}(?:\\.${NUM})?$`)

/**
 * Parses a Go module version as golang.org/x/mod/semver does. OSV writes Go versions without
 * the `v` (`1.2.3`), so a missing `v` is added first. Undefined when invalid.
 */
export function parse(input: string): GoVersion | undefined {
  const trimmed = input.trim()
  const v = trimmed.startsWith('v') ? trimmed : `v${trimmed}`
  const short = SHORT.exec(v)
  if (short) {
    return { major: short[1] ?? '0', minor: short[2] ?? '0', patch: '0', prerelease: [], build: '' }
  }
  const m = FULL.exec(v)
  if (!m) return undefined
  const prerelease = m[4] === undefined ? [] : m[4].split('.')
  // Numeric pre-release identifiers must not have leading zeros.
  if (prerelease.some((id) => /^0\d+$/.test(id))) return undefined
  return { major: m[1] ?? '0', minor: m[2] ?? '0', patch: m[3] ?? '0', prerelease, build: m[5] ?? '' }
}

const isNumeric = (id: string): boolean => /^\d+$/.test(id)

/** SemVer pre-release precedence: numeric ids below alphanumeric ones, shorter lists first. */
export function comparePrerelease(x: readonly string[], y: readonly string[]): Ordering {
  if (x.length === 0 || y.length === 0) {
    if (x.length === y.length) return 0
    return x.length === 0 ? 1 : -1
  }
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i] ?? ''
    const b = y[i] ?? ''
    if (a === b) continue
    const an = isNumeric(a)
    const bn = isNumeric(b)
    if (an && bn) return compareDigits(a, b)
    if (an !== bn) return an ? -1 : 1
    return compareStrings(a, b)
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

function order(x: GoVersion, y: GoVersion): Ordering {
  return (
    compareDigits(x.major, y.major) ||
    compareDigits(x.minor, y.minor) ||
    compareDigits(x.patch, y.patch) ||
    comparePrerelease(x.prerelease, y.prerelease)
  )
}

/**
 * Orders two Go module versions (`+incompatible` and other build metadata ignored; pseudo-versions
 * order by their pre-release part, i.e. by timestamp). Unlike x/mod/semver, which puts every
 * invalid string below every valid one, invalid input falls back to string order here.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a valid Go module version (with or without the leading `v`). */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The go scheme: Go modules. */
export const go: VersionScheme = {
  id: 'go',
  isValid,
  compare,
  memoized: () => rememberParsed('go', parse, order),
}
