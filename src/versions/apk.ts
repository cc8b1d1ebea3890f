// ref: https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver
// ref: https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/v2.14.0/src/version.c (behaviour, Gentoo-style)
import type { VersionScheme } from './scheme.js'
import { MAX_VERSION_LENGTH, compareStrings } from './internal.js'
import type { Ordering } from './internal.js'

/**
 * Token kinds in apk's version grammar `{digit}{.digit}...{letter}{_suf{#}}...{-r#}`, in the
 * order apk ranks them when one version ends where the other goes on.
 */
const enum Kind {
  Invalid = -1,
  DigitOrZero = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
}

/** One token: the kind apk expected when it read the value, and the value. */
interface Token {
  readonly kind: Kind
  readonly value: bigint
}

/** A tokenized apk version; `end` is End for a valid version, Invalid where apk stopped reading. */
export interface ApkVersion {
  readonly tokens: readonly Token[]
  readonly end: Kind.End | Kind.Invalid
}

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'] // rank below a release: -4..-1
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'] // rank above: 0..4

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z'

/** Kind of the token that starts at `pos`, after a token of kind `prev`; returns [kind, new pos]. */
function nextKind(prev: Kind, s: string, pos: number): [Kind, number] {
  const c = s[pos]
  let kind: Kind = Kind.Invalid
  let at = pos
  if ((prev === Kind.Digit || prev === Kind.DigitOrZero) && isLower(c)) kind = Kind.Letter
  else if (prev === Kind.Letter && isDigit(c)) kind = Kind.Digit
  else if (prev === Kind.Suffix && isDigit(c)) kind = Kind.SuffixNo
  else {
    if (c === '.') kind = Kind.DigitOrZero
    else if (c === '_') kind = Kind.Suffix
    else if (c === '-' && s[pos + 1] === 'r') {
      kind = Kind.RevisionNo
      at++
    }
    at++
  }
  // A token may only go backwards in the grammar from letter to digit, suffix number to suffix,
  // or digit to the next dotted component.
  const backwards =
    kind < prev &&
    !(kind === Kind.DigitOrZero && prev === Kind.Digit) &&
    !(kind === Kind.Suffix && prev === Kind.SuffixNo) &&
    !(kind === Kind.Digit && prev === Kind.Letter)
  return [backwards ? Kind.Invalid : kind, at]
}

function readNumber(s: string, pos: number): [bigint, number] {
  let end = pos
  while (isDigit(s[end])) end++
  return [end > pos ? BigInt(s.slice(pos, end)) : 0n, end - pos]
}

function readSuffix(s: string, pos: number): [bigint, number] | undefined {
  const pre = PRE_SUFFIXES.findIndex((x) => s.startsWith(x, pos))
  if (pre >= 0) return [BigInt(pre - PRE_SUFFIXES.length), PRE_SUFFIXES[pre]?.length ?? 0]
  const post = POST_SUFFIXES.findIndex((x) => s.startsWith(x, pos))
  if (post >= 0) return [BigInt(post), POST_SUFFIXES[post]?.length ?? 0]
  return undefined
}

/** Reads the value of one token of kind `kind` at `pos`; returns [value, next kind, next pos]. */
function readToken(kind: Kind, s: string, pos: number): [bigint, Kind, number] {
  if (pos >= s.length) return [0n, Kind.End, pos]
  let read: [bigint, number] | undefined
  let forced: Kind | undefined
  if (kind === Kind.DigitOrZero && s[pos] === '0') {
    // Leading zeros count negatively (1.05 < 1.5), then the rest reads as a plain number.
    let zeros = 0
    while (s[pos + zeros] === '0') zeros++
    read = [BigInt(-zeros), zeros]
    forced = Kind.Digit
  } else if (kind === Kind.Letter) read = [BigInt(s.charCodeAt(pos)), 1]
  else if (kind === Kind.Suffix) read = readSuffix(s, pos)
  else read = readNumber(s, pos)
  if (read === undefined) return [-1n, Kind.Invalid, pos]
  const next = pos + read[1]
  if (next >= s.length) return [read[0], Kind.End, next]
  if (forced !== undefined) return [read[0], forced, next]
  const [k, at] = nextKind(kind, s, next)
  return [read[0], k, at]
}

/** Tokenizes an Alpine package version; never fails (an invalid tail ends with `end: Invalid`). */
export function tokenize(input: string): ApkVersion {
  const tokens: Token[] = []
  let kind: Kind = Kind.Digit
  let pos = 0
  while (kind !== Kind.End && kind !== Kind.Invalid) {
    const [value, next, at] = readToken(kind, input, pos)
    tokens.push({ kind, value })
    kind = next
    pos = at
  }
  return { tokens, end: kind }
}

/** Parses an Alpine version; undefined when apk would call it invalid. */
export function parse(input: string): ApkVersion | undefined {
  const v = tokenize(input)
  return v.end === Kind.End ? v : undefined
}

const kindAt = (v: ApkVersion, i: number): Kind => v.tokens[i]?.kind ?? v.end
const valueAt = (v: ApkVersion, i: number): bigint => v.tokens[i]?.value ?? 0n

function order(x: ApkVersion, y: ApkVersion): Ordering {
  let i = 0
  let xv = 0n
  let yv = 0n
  let xk = kindAt(x, 0)
  let yk = kindAt(y, 0)
  while (xk === yk && xk !== Kind.End && xk !== Kind.Invalid && xv === yv) {
    xv = valueAt(x, i)
    yv = valueAt(y, i)
    i++
    xk = kindAt(x, i)
    yk = kindAt(y, i)
  }
  if (xv !== yv) return xv < yv ? -1 : 1
  if (xk === yk) return 0
  // Equal so far: the longer version is newer, unless what follows is a pre-release suffix.
  if (xk === Kind.Suffix && valueAt(x, i) < 0n) return -1
  if (yk === Kind.Suffix && valueAt(y, i) < 0n) return 1
  return xk > yk ? -1 : 1
}

/**
 * Orders two Alpine versions as apk-tools does. Invalid versions are not sent to a string
 * fallback: apk itself orders them token by token up to the first invalid character
 * (apk-tools test/version.data: `23_foo > 4_beta`), and so do we. Only strings longer than
 * MAX_VERSION_LENGTH fall back to string order. Never throws.
 */
export function compare(a: string, b: string): Ordering {
  if (a.length > MAX_VERSION_LENGTH || b.length > MAX_VERSION_LENGTH) return compareStrings(a, b)
  return order(tokenize(a), tokenize(b))
}

/** True for a version apk accepts (apk_version_validate). */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** The apk scheme: Alpine, Wolfi and Chainguard packages. */
export const apk: VersionScheme = { id: 'apk', isValid, compare }
