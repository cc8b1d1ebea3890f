/**
 * Finds the line of a field path inside one document of a manifest by reading its indentation,
 * so positions cost nothing until a finding needs one. Handles block YAML (keys, `- ` items,
 * quoted keys) and pretty-printed JSON; anything else (flow style) resolves to the nearest
 * ancestor that was found.
 *
 * The file is read once, when its first position is asked for: line offsets and the few facts
 * about each line the search needs go into typed arrays, so a search compares integers and only
 * reads characters on the lines where a key can be.
 */

import { pointerPart } from './pointer.js'

// per-line flags
const CONTENT = 1 // holds a key: not blank, not a comment, not only JSON brackets and commas
const DASH = 2 // `-` right after the leading whitespace, then a space or the end of the line
const DASH_SPACE = 4 // `-` right after the leading whitespace, then a space
const BLANK = 8 // only whitespace

/** Line offsets and per-line facts of one file. */
export interface LineIndex {
  readonly text: string
  /** Number of lines (as `text.split('\n')` counts them). */
  readonly count: number
  /** Offset of each line's first character. */
  readonly starts: Int32Array
  /** Width of the leading run of spaces and `- ` markers. */
  readonly indent: Int32Array
  /** Width of the leading whitespace. */
  readonly lead: Int32Array
  /** Character right after the leading whitespace (0 on a blank line). */
  readonly first: Uint16Array
  readonly flags: Uint8Array
  /** Cached end (exclusive, plus one; 0 when not yet known) of the block a key line opens. */
  readonly blockEnds: Int32Array
}

function isSpace(ch: number): boolean {
  if (ch === 32 || (ch >= 9 && ch <= 13)) return true
  if (ch < 0xa0) return false
  return ch === 0xa0 || ch === 0x1680 || (ch >= 0x2000 && ch <= 0x200a) || ch === 0x2028 || ch === 0x2029 ||
    ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff
}

// space, tab, CR, `,`, `[`, `]`, `{`, `}`: what a JSON line may hold besides a key
function isFiller(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 13 || ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125
}

/** `start` plus the line breaks in text[from, to): the line number reached at `to`. */
export function countLines(text: string, from: number, to: number, start: number): number {
  let n = start
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** Reads a file's lines once: offsets, indentation, leading markers. */
export function lineIndex(text: string): LineIndex {
  const count = countLines(text, 0, text.length, 1)
  const ix: LineIndex = {
    text, count,
    starts: new Int32Array(count), indent: new Int32Array(count), lead: new Int32Array(count),
    first: new Uint16Array(count), flags: new Uint8Array(count), blockEnds: new Int32Array(count),
  }
  let s = 0
  for (let i = 0; i < count; i++) {
    const nl = text.indexOf('\n', s)
    const e = nl === -1 ? text.length : nl
    ix.starts[i] = s
    // the common line: spaces, then a character that is none of the markers, fillers or spaces
    let p = s
    while (p < e && text.charCodeAt(p) === 32) p++
    const ch = p < e ? text.charCodeAt(p) : 0
    if (ch > 32 && ch < 0xa0 && ch !== 45 && ch !== 35 && !isFiller(ch)) {
      ix.indent[i] = p - s
      ix.lead[i] = p - s
      ix.first[i] = ch
      ix.flags[i] = CONTENT
    } else readLine(ix, i, s, e)
    s = e + 1
  }
  return ix
}

function readLine(ix: LineIndex, i: number, s: number, e: number): void {
  const text = ix.text
  let p = s
  // spaces and dashes, stopping at a dash glued to the next character (`-foo`)
  while (p < e) {
    const ch = text.charCodeAt(p)
    if (ch === 45) {
      if (p + 1 < e && text.charCodeAt(p + 1) !== 32) break
    } else if (ch !== 32) break
    p++
  }
  ix.indent[i] = p - s
  let q = s
  while (q < e && isSpace(text.charCodeAt(q))) q++
  ix.lead[i] = q - s
  let flags = 0
  if (q === e) flags |= BLANK
  else {
    const ch = text.charCodeAt(q)
    ix.first[i] = ch
    if (ch === 45 && (q + 1 === e || text.charCodeAt(q + 1) === 32)) flags |= DASH
    if (ch === 45 && q + 1 < e && text.charCodeAt(q + 1) === 32) flags |= DASH_SPACE
  }
  for (let r = s; r < e; r++) {
    const ch = text.charCodeAt(r)
    if (isFiller(ch)) continue
    if (ch !== 35) flags |= CONTENT // '#'
    break
  }
  ix.flags[i] = flags
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

const KEY_RE = new Map<string, RegExp>()

function keyRe(key: string): RegExp {
  let re = KEY_RE.get(key)
  if (!re) {
    re = new RegExp(`^[ -]*["']?${escapeRe(key)}["']?\\s*:`)
    if (KEY_RE.size < 10_000) KEY_RE.set(key, re)
  }
  return re
}

function lineEnd(ix: LineIndex, i: number): number {
  return i + 1 < ix.count ? (ix.starts[i + 1] as number) - 1 : ix.text.length
}

// text[p, p + b - a) equals key[a, b)
function sameAt(text: string, p: number, key: string, a: number, b: number): boolean {
  if (p + b - a > text.length) return false
  for (let k = a; k < b; k++, p++) if (text.charCodeAt(p) !== key.charCodeAt(k)) return false
  return true
}

/**
 * True when line i is `[ -]*["']?KEY["']?\s*:` (a key line, quoted or not), KEY being
 * key[a, b). `plain` says the key starts with none of space, `-` and quotes and holds no line break.
 */
function keyAt(ix: LineIndex, i: number, key: string, a: number, b: number, plain: boolean): boolean {
  const text = ix.text
  const s = ix.starts[i] as number
  const e = lineEnd(ix, i)
  if (!plain) return keyRe(key.slice(a, b)).test(text.slice(s, e))
  let p = s
  while (p < e) {
    const ch = text.charCodeAt(p)
    if (ch !== 32 && ch !== 45) break
    p++
  }
  const q0 = text.charCodeAt(p)
  if ((q0 === 34 || q0 === 39) && sameAt(text, p + 1, key, a, b)) p += 1
  else if (!sameAt(text, p, key, a, b)) return false
  p += b - a
  const q1 = text.charCodeAt(p)
  if (p < e && (q1 === 34 || q1 === 39)) p++
  while (p < e && isSpace(text.charCodeAt(p))) p++
  return p < e && text.charCodeAt(p) === 58 // ':'
}

/** End (exclusive) of the block the key on line i opens, within [i, to); `limit` ends the document. */
function blockEnd(ix: LineIndex, i: number, to: number, limit: number): number {
  let end = (ix.blockEnds[i] as number) - 1
  if (end < 0) {
    const col = ix.indent[i] as number
    end = i + 1
    while (end < limit) {
      if ((ix.flags[end] as number) & CONTENT) {
        const nc = ix.indent[end] as number
        if (nc < col) break
        if (nc === col && !(ix.lead[end] === col && (ix.flags[end] as number) & DASH_SPACE)) break
      }
      end++
    }
    ix.blockEnds[i] = end + 1
  }
  return end < to ? end : to
}

/**
 * First line in [from, to) holding key[a, b) at the indentation of the range's first content line,
 * or -1. A key line that does not match is stepped over with its whole block (its end is cached),
 * so a search reads the sibling keys only, not the lines under them.
 */
function findKey(ix: LineIndex, from: number, to: number, limit: number, key: string, a: number, b: number): number {
  const k0 = key.charCodeAt(a)
  // keys that start like the markers or a quote, or span lines: the pattern itself decides
  const nl = key.indexOf('\n', a)
  const plain = k0 !== 32 && k0 !== 45 && k0 !== 34 && k0 !== 39 && (nl === -1 || nl >= b)
  let col = -1
  const last = to < ix.count ? to : ix.count
  for (let i = from; i < last; i++) {
    if (!((ix.flags[i] as number) & CONTENT)) continue
    const c = ix.indent[i] as number
    if (col < 0) col = c
    if (c !== col) continue
    if (keyAt(ix, i, key, a, b, plain)) return i
    i = blockEnd(ix, i, last, limit) - 1
  }
  return -1
}

// /^[{["\dtfn]/: a line that can start a JSON array item.
function jsonItemStart(ch: number): boolean {
  return ch === 123 || ch === 91 || ch === 34 || (ch >= 48 && ch <= 57) || ch === 116 || ch === 102 || ch === 110
}

/**
 * Start of item `index` of the sequence in [from, to), or -1; its end goes to `itemEnd`. With
 * `afterKey`, line `from` is the sequence's key line (`ports:` or `- ports:`), which holds none of
 * its items; otherwise a dash there may be the first item (`- - a`).
 */
let itemEnd = 0
function findIndex(ix: LineIndex, from: number, to: number, index: number, afterKey: boolean): number {
  let col = -1
  let seen = -1
  let start = -1
  const last = to < ix.count ? to : ix.count
  for (let i = from; i < last; i++) {
    const flags = ix.flags[i] as number
    if (flags & BLANK) continue
    const first = ix.first[i] as number
    if (first === 35) continue // '#'
    // the key line itself ("containers:" or "- containers:"): items follow
    if (i === from && (afterKey || first !== 45)) continue
    const dash = (flags & DASH) !== 0
    const jsonItem = !dash && jsonItemStart(first)
    const lead = ix.lead[i] as number
    if (col < 0 && (dash || jsonItem)) col = lead
    if (lead === col && (dash || (jsonItem && first !== 125 && first !== 93))) {
      seen++
      if (seen === index) start = i
      else if (seen === index + 1) {
        itemEnd = i
        return start
      }
    }
  }
  itemEnd = to
  return start
}

// The state of the one walk in progress (walks run to completion, one at a time): a fixed
// visitor over it allocates nothing per lookup.
let wIx: LineIndex | undefined
let wPointer = ''
let wFrom = 0
let wTo = 0
let wLimit = 0
let wFound = 0
// children of a key start on the next line; the keys of a sequence item start on its dash line
let wScopeFromKeyLine = true

function visit(key: boolean, a: number, b: number, index: number): boolean {
  const ix = wIx as LineIndex
  if (!key) {
    const start = findIndex(ix, wFrom, wTo, index, !wScopeFromKeyLine)
    if (start < 0) return false
    wFrom = start
    wTo = itemEnd
    // the item's keys start on its dash line (`- name: a`), or below a dash alone on its line
    // (`-` then the mapping indented, as js-yaml writes with indent 4)
    const flags = ix.flags[start] as number
    wScopeFromKeyLine = !(flags & DASH) || (flags & DASH_SPACE) !== 0
  } else {
    const line = findKey(ix, wScopeFromKeyLine ? wFrom : wFrom + 1, wTo, wLimit, wPointer, a, b)
    if (line < 0) return false
    wTo = blockEnd(ix, line, wTo, wLimit)
    wFrom = line
    wScopeFromKeyLine = false
  }
  wFound = wFrom
  return true
}

// The last walk, so that the next one on the same document resumes after the whole parts the
// two pointers share (findings on one object are located one after another and share most of
// their path: `spec.template.spec.containers[0].…`): its document, its pointer, and after each
// of its parts the offset of the part's end and the walk state there.
let lIx: LineIndex | undefined
let lFrom = -1
let lTo = -1
let lPointer = ''
let lDepth = 0
let lFound = 0
const lEnds: number[] = []
const lStates: number[] = []

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}

// the deepest part end of the last walk that this pointer shares, or -1
function resumable(pointer: string): number {
  const common = commonPrefix(pointer, lPointer)
  for (let k = lDepth - 1; k >= 0; k--) {
    const e = lEnds[k] as number
    if (e <= common && (e === pointer.length || pointer.charCodeAt(e) === 46)) return k
  }
  return -1
}

/**
 * Line (0-based) of `pointer` within the document on lines [from, to) of the file; the nearest
 * present ancestor when the path is absent.
 */
export function locateIn(ix: LineIndex, from: number, to: number, pointer: string): number {
  // the same (shared) pointer again on the same document: the same line
  if (pointer === lPointer && ix === lIx && from === lFrom && to === lTo) return lFound
  wIx = ix
  wPointer = pointer
  wLimit = to
  const k = ix === lIx && from === lFrom && to === lTo ? resumable(pointer) : -1
  let a = 0
  if (k >= 0) {
    wFrom = lStates[4 * k] as number
    wTo = lStates[4 * k + 1] as number
    wFound = lStates[4 * k + 2] as number
    wScopeFromKeyLine = lStates[4 * k + 3] === 1
    a = (lEnds[k] as number) + 1
  } else {
    wFrom = from
    wTo = to
    wFound = from
    wScopeFromKeyLine = true
  }
  lDepth = k + 1
  lIx = ix
  lFrom = from
  lTo = to
  lPointer = pointer
  const n = pointer.length
  while (a <= n) {
    let b = pointer.indexOf('.', a)
    if (b === -1) b = n
    if (b > a) {
      if (!pointerPart(pointer, a, b, visit)) break
      lEnds[lDepth] = b
      lStates[4 * lDepth] = wFrom
      lStates[4 * lDepth + 1] = wTo
      lStates[4 * lDepth + 2] = wFound
      lStates[4 * lDepth + 3] = wScopeFromKeyLine ? 1 : 0
      lDepth++
    }
    a = b + 1
  }
  wIx = undefined
  lFound = wFound
  return wFound
}
