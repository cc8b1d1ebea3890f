// ref: https://peps.python.org/pep-0440/
// ref: https://packaging.python.org/en/latest/specifications/version-specifiers/
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, compareStrings, rememberParsed } from './internal.js'
import type { Ordering } from './internal.js'

/** A parsed, normalized PEP 440 version. Numbers are kept as digit strings (no overflow). */
export interface Pep440Version {
  readonly epoch: string
  readonly release: readonly string[]
  /** `a`, `b` or `rc` with its number; alpha/beta/c/pre/preview are normalized. */
  readonly pre?: { readonly label: 'a' | 'b' | 'rc'; readonly n: string }
  readonly post?: string
  readonly dev?: string
  /** Local version segments, lower-cased. */
  readonly local: readonly string[]
}

// The spec's own regular expression (PEP 440, appendix B), ASCII digits only.
const PATTERN = new RegExp(
  '^\\s*v?(?:(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d+)?)?' +
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?)' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
)

const PRE_LABELS: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc',
}

const num = (s: string | undefined): string => (s ?? '0').replace(/^0+(?=\d)/, '')

/** Parses and normalizes a PEP 440 version (`1.0-rc1` == `1.0rc1`); undefined when invalid. */
export function parse(input: string): Pep440Version | undefined {
  const m = PATTERN.exec(input)
  if (!m) return undefined
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m
  const label = preL === undefined ? undefined : PRE_LABELS[preL.toLowerCase()]
  return {
    epoch: num(epoch),
    release: (release ?? '0').split('.').map(num),
    ...(label === undefined ? {} : { pre: { label, n: num(preN) } }),
    ...(postImplicit !== undefined ? { post: num(postImplicit) } : {}),
    ...(postL !== undefined ? { post: num(postN) } : {}),
    ...(devL !== undefined ? { dev: num(devN) } : {}),
    local: local === undefined ? [] : local.toLowerCase().split(/[-_.]/),
  }
}

function compareRelease(x: readonly string[], y: readonly string[]): Ordering {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c = compareDigits(x[i] ?? '0', y[i] ?? '0') // trailing zeros do not count
    if (c !== 0) return c
  }
  return 0
}

const LABEL_RANK = { a: 0, b: 1, rc: 2 } as const

/**
 * Pre-release slot: a dev-only release (`1.0.dev0`) sorts before `1.0a0`; a final or post release
 * after every pre-release. Encoded as [rank, label, n].
 */
function preKey(v: Pep440Version): [number, number, string] {
  if (v.pre) return [1, LABEL_RANK[v.pre.label], v.pre.n]
  if (v.post === undefined && v.dev !== undefined) return [0, 0, '0']
  return [2, 0, '0']
}

function compareOptional(x: string | undefined, y: string | undefined, missing: Ordering): Ordering {
  if (x === undefined || y === undefined) {
    if (x === y) return 0
    return x === undefined ? missing : (-missing as Ordering)
  }
  return compareDigits(x, y)
}

/** Local segments: numbers above strings, then a longer local above its prefix. */
function compareLocal(x: readonly string[], y: readonly string[]): Ordering {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i] ?? ''
    const b = y[i] ?? ''
    const an = /^\d+$/.test(a)
    const bn = /^\d+$/.test(b)
    const c = an && bn ? compareDigits(a, b) : an !== bn ? (an ? 1 : -1) : compareStrings(a, b)
    if (c !== 0) return c
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

function order(x: Pep440Version, y: Pep440Version): Ordering {
  const [xr, xl, xn] = preKey(x)
  const [yr, yl, yn] = preKey(y)
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareRelease(x.release, y.release) ||
    (xr !== yr ? (xr < yr ? -1 : 1) : 0) ||
    (xl !== yl ? (xl < yl ? -1 : 1) : 0) ||
    compareDigits(xn, yn) ||
    compareOptional(x.post, y.post, -1) ||
    compareOptional(x.dev, y.dev, 1) ||
    compareLocal(x.local, y.local)
  )
}

/**
 * Orders two Python versions as `packaging.version.Version` does (epoch, release, pre, post,
 * dev, local). Unparseable input (legacy versions) falls back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, order)
}

/** True for a valid PEP 440 version. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined
}

/** Renders the normalized form (`1.0-RC1` -> `1.0rc1`), as packaging's str(Version) does. */
export function normalize(v: Pep440Version): string {
  const epoch = v.epoch === '0' ? '' : `${v.epoch}!`
  const pre = v.pre ? `${v.pre.label}${v.pre.n}` : ''
  const post = v.post === undefined ? '' : `.post${v.post}`
  const dev = v.dev === undefined ? '' : `.dev${v.dev}`
  const local = v.local.length === 0 ? '' : `+${v.local.join('.')}`
  return `${epoch}${v.release.join('.')}${pre}${post}${dev}${local}`
}

/** The pep440 scheme: PyPI packages. */
export const pep440: VersionScheme = {
  id: 'pep440',
  isValid,
  compare,
  memoized: () => rememberParsed('pep440', parse, order),
}
