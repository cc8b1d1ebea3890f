// ref: https://maven.apache.org/pom.html#version-order-specification
// ref: https://maven.apache.org/ref/current/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html
import type { VersionScheme } from './scheme.js'
import { compareDigits, compareParsed, rememberParsed, sign } from './internal.js'
import type { Ordering } from './internal.js'

/** One item of a parsed Maven version (ComparableVersion's item kinds). */
export type MavenItem =
  | { readonly kind: 'number'; readonly digits: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'combination'; readonly text: string; readonly digits: string }
  | { readonly kind: 'list'; readonly items: MavenItem[] }

type ListItem = Extract<MavenItem, { kind: 'list' }>
type StringItem = Extract<MavenItem, { kind: 'string' }>
type Combination = Extract<MavenItem, { kind: 'combination' }>

const MAX_LENGTH = 256 // Maven refuses longer version strings
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp']
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release'])
const RELEASE_RANK = String(QUALIFIERS.indexOf(''))
const ZERO: MavenItem = { kind: 'number', digits: '0' }

/** Qualifier rank as a string: known qualifiers by index, unknown ones after them, lexically. */
function qualifierRank(q: string): string {
  if (RELEASE_QUALIFIERS.has(q)) return RELEASE_RANK
  const i = QUALIFIERS.indexOf(q)
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i)
}

function stringItem(value: string, followedByDigit: boolean): StringItem {
  let v = value
  if (followedByDigit && v === 'a') v = 'alpha'
  else if (followedByDigit && v === 'b') v = 'beta'
  else if (followedByDigit && v === 'm') v = 'milestone'
  return { kind: 'string', value: v === 'cr' ? 'rc' : v }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const cmpText = (a: string, b: string): Ordering => (a === b ? 0 : a < b ? -1 : 1)
const neg = (o: Ordering): Ordering => (o === 0 ? 0 : o === 1 ? -1 : 1)

function parseItem(combination: boolean, digit: boolean, buf: string): MavenItem {
  if (combination) {
    const text = buf.replace(/-/g, '')
    const at = Math.max(text.search(/\d/), 0)
    return { kind: 'combination', text: text.slice(0, at), digits: text.slice(at).replace(/^0+/, '') || '0' }
  }
  if (digit) return { kind: 'number', digits: buf.replace(/^0+/, '') || '0' }
  return stringItem(buf, false)
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'number') return item.digits === '0'
  if (item.kind === 'string') return item.value === ''
  if (item.kind === 'list') return item.items.length === 0
  return false
}

/** Drops zeros and empty strings that do not change the order (`1.0.0` -> `1`, `1-0` -> `1`). */
function normalize(list: ListItem): void {
  const items = list.items
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]
    if (item === undefined || !isNull(item)) continue
    const next = items[i + 1]
    const first = next?.kind === 'list' ? next.items[0] : undefined
    if (next === undefined || next.kind === 'string' || first?.kind === 'combination' || first?.kind === 'string') {
      items.splice(i, 1)
    }
  }
  const only = items[0]
  if (items.length === 1 && only?.kind === 'list') items.splice(0, 1, ...only.items)
}

/** Parses a Maven version into ComparableVersion's item tree; undefined above 256 characters. */
export function parse(input: string): ListItem | undefined {
  if (input.length > MAX_LENGTH) return undefined
  const s = input.toLowerCase()
  const root: ListItem = { kind: 'list', items: [] }
  const stack: ListItem[] = [root]
  let list = root
  const descend = (): void => {
    const child: ListItem = { kind: 'list', items: [] }
    list.items.push(child)
    list = child
    stack.push(child)
  }
  let digit = false
  let combination = false
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '.' || c === '-') {
      if (i === start) list.items.push(ZERO)
      else if (c === '-' && !digit && isDigit(s[i + 1])) {
        combination = true // "x-1" reads as "x1"
        continue
      } else list.items.push(parseItem(combination, digit, s.slice(start, i)))
      start = i + 1
      combination = false
      if (c === '-' && list.items.length > 0) descend()
    } else if (isDigit(c)) {
      if (!digit && i > start) {
        combination = true
        if (list.items.length > 0) descend()
      }
      digit = true
    } else {
      if (digit && i > start) {
        list.items.push(parseItem(combination, true, s.slice(start, i)))
        start = i
        descend()
        combination = false
      }
      digit = false
    }
  }
  if (s.length > start) {
    if (!digit && list.items.length > 0) descend() // "1.0.0.x" reads as "1.0.0-x"
    list.items.push(parseItem(combination, digit, s.slice(start)))
  }
  for (let l = stack.pop(); l !== undefined; l = stack.pop()) normalize(l)
  return root
}

const numberItem = (digits: string): MavenItem => ({ kind: 'number', digits })

function compareString(x: StringItem, y: MavenItem | undefined): Ordering {
  if (y === undefined) return cmpText(qualifierRank(x.value), RELEASE_RANK)
  if (y.kind === 'number') return -1
  if (y.kind === 'string') return cmpText(qualifierRank(x.value), qualifierRank(y.value))
  if (y.kind === 'list') return neg(compareItem(y, x))
  const r = compareString(x, stringItem(y.text, true))
  if (r !== 0) return r
  return compareString(x, undefined) === 0 ? neg(compareItem(numberItem(y.digits), undefined)) : -1
}

function compareCombination(x: Combination, y: MavenItem | undefined): Ordering {
  const text = stringItem(x.text, true)
  const digits = numberItem(x.digits)
  if (y === undefined) {
    const r = compareString(text, undefined)
    return r === 0 ? compareItem(digits, undefined) : r
  }
  if (y.kind === 'number') return -1
  if (y.kind === 'list') return neg(compareItem(y, x))
  if (y.kind === 'combination') {
    return compareString(text, stringItem(y.text, true)) || compareItem(digits, numberItem(y.digits))
  }
  const r = compareString(text, y)
  if (r !== 0) return r
  return compareString(text, undefined) === 0 ? compareItem(digits, undefined) : 1
}

function compareList(x: ListItem, y: MavenItem | undefined): Ordering {
  if (y === undefined) {
    for (const item of x.items) {
      const r = compareItem(item, undefined)
      if (r !== 0) return r
    }
    return 0
  }
  if (y.kind === 'number') return -1
  if (y.kind === 'list') {
    for (let i = 0; i < Math.max(x.items.length, y.items.length); i++) {
      const l = x.items[i]
      const r = y.items[i]
      const c = l === undefined ? (r === undefined ? 0 : neg(compareItem(r, undefined))) : compareItem(l, r)
      if (c !== 0) return c
    }
    return 0
  }
  const [first, ...rest] = x.items
  let c = first === undefined ? neg(compareItem(y, undefined)) : compareItem(first, y)
  for (const item of rest) {
    if (c !== 0) break
    c = compareItem(item, undefined)
  }
  return c
}

const mavenOrder = (x: MavenItem, y: MavenItem): Ordering => sign(compareItem(x, y))

/** ComparableVersion's Item.compareTo; `undefined` stands for Java's null (a missing item). */
function compareItem(x: MavenItem, y: MavenItem | undefined): Ordering {
  switch (x.kind) {
    case 'number':
      if (y === undefined) return x.digits === '0' ? 0 : 1
      return y.kind === 'number' ? compareDigits(x.digits, y.digits) : 1
    case 'string':
      return compareString(x, y)
    case 'combination':
      return compareCombination(x, y)
    case 'list':
      return compareList(x, y)
  }
}

/**
 * Orders two Maven versions as Maven's ComparableVersion does (qualifiers alpha < beta <
 * milestone < rc = cr < snapshot < "" = ga = final = release < sp < unknown, lexical; '-' and
 * '.' separators; numbers of any size). Versions over 256 characters fall back to string order.
 */
export function compare(a: string, b: string): Ordering {
  return compareParsed(a, b, parse, mavenOrder)
}

/** True for any string Maven can order (it accepts every version up to 256 characters). */
export function isValid(v: string): boolean {
  return v.trim() !== '' && parse(v) !== undefined
}

/** The maven scheme: Maven artifacts. */
export const maven: VersionScheme = {
  id: 'maven',
  isValid,
  compare,
  memoized: () => rememberParsed('maven', parse, mavenOrder, (p, v) => v.trim() !== '' && p !== undefined),
}
