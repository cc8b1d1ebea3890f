/**
 * Finds the line of a field path inside one document of a manifest by reading its indentation,
 * so positions cost nothing until a finding needs one. Handles block YAML (keys, `- ` items,
 * quoted keys) and pretty-printed JSON; anything else (flow style) resolves to the nearest
 * ancestor that was found.
 */

const SPLIT_CACHE = new Map<string, readonly (string | number)[]>()

/** Splits `a.b[0].c` (or `a.b.0.c`) into keys and indexes. */
export function splitPointer(pointer: string): readonly (string | number)[] {
  let hit = SPLIT_CACHE.get(pointer)
  if (hit) return hit
  hit = splitUncached(pointer)
  if (SPLIT_CACHE.size < 10_000) SPLIT_CACHE.set(pointer, hit)
  return hit
}

function splitUncached(pointer: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const part of pointer.split('.')) {
    if (part === '') continue
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}

/** A half-open range of lines. */
export interface Range {
  readonly from: number
  readonly to: number
}

function indentOf(line: string): number {
  let i = 0
  while (i < line.length && (line[i] === ' ' || line[i] === '-')) {
    if (line[i] === '-' && line[i + 1] !== ' ' && line[i + 1] !== undefined) break
    i++
  }
  return i
}

// A line that can hold a key: not blank, not a comment, not only JSON brackets and commas.
function isContent(line: string | undefined): line is string {
  if (line === undefined) return false
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i)
    if (ch === 32 || ch === 9 || ch === 13 || ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) continue
    return ch !== 35 // '#'
  }
  return false
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

// Width of the leading whitespace String.prototype.trimStart would remove, without building the string.
function leadOf(line: string): number {
  let i = 0
  while (i < line.length && isSpace(line.charCodeAt(i))) i++
  return i
}

function isSpace(ch: number): boolean {
  if (ch === 32 || (ch >= 9 && ch <= 13)) return true
  if (ch < 0xa0) return false
  return ch === 0xa0 || ch === 0x1680 || (ch >= 0x2000 && ch <= 0x200a) || ch === 0x2028 || ch === 0x2029 ||
    ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff
}

// `- ` (or `-` then end of line) right after the leading whitespace.
function dashAt(line: string, lead: number): boolean {
  return line.charCodeAt(lead) === 45 && (lead + 1 === line.length || line.charCodeAt(lead + 1) === 32)
}

function blockEnd(lines: readonly string[], i: number, to: number, col: number): number {
  let end = i + 1
  while (end < to) {
    const next = lines[end]
    if (isContent(next)) {
      const nc = indentOf(next)
      const lead = leadOf(next)
      if (nc <= col && !(lead === col && line2dash(next, lead))) break
      if (nc < col) break
    }
    end++
  }
  return end
}

// trimStart().startsWith('- '): a dash and a space after the leading whitespace.
function line2dash(line: string, lead: number): boolean {
  return line.charCodeAt(lead) === 45 && line.charCodeAt(lead + 1) === 32
}

function findKey(lines: readonly string[], r: Range, key: string): Range | undefined {
  const re = keyRe(key)
  let col = -1
  for (let i = r.from; i < r.to; i++) {
    const line = lines[i]
    if (!isContent(line)) continue
    const c = indentOf(line)
    if (col < 0) col = c
    // the key text must occur in the line for the pattern to match: a cheap test first
    if (c !== col || !line.includes(key) || !re.test(line)) continue
    return { from: i, to: blockEnd(lines, i, r.to, col) }
  }
  return undefined
}

// /^[{["\dtfn]/: a line that can start a JSON array item.
function jsonItemStart(ch: number): boolean {
  return ch === 123 || ch === 91 || ch === 34 || (ch >= 48 && ch <= 57) || ch === 116 || ch === 102 || ch === 110
}

function findIndex(lines: readonly string[], r: Range, index: number): Range | undefined {
  const starts: number[] = []
  let col = -1
  for (let i = r.from; i < r.to; i++) {
    const line = lines[i]
    if (line === undefined) continue
    const lead = leadOf(line)
    if (lead === line.length) continue
    const first = line.charCodeAt(lead)
    if (first === 35) continue // '#'
    if (i === r.from && first !== 45) {
      // the key line itself ("containers:" or "- containers:"): items follow
      continue
    }
    const dash = dashAt(line, lead)
    const jsonItem = !dash && jsonItemStart(first)
    if (col < 0 && (dash || jsonItem)) col = lead
    if (lead === col && (dash || (jsonItem && first !== 125 && first !== 93))) starts.push(i)
  }
  const from = starts[index]
  if (from === undefined) return undefined
  return { from, to: starts[index + 1] ?? r.to }
}

/** One resolved path prefix of a document: its line range (null when absent) and its children. */
export interface LocateNode {
  range: Range | null
  children?: Map<string | number, LocateNode>
}

/** Resolved prefixes of one document, as a tree of path segments (no prefix strings are built). */
export type LocateCache = LocateNode

/** An empty cache for one document. */
export function newLocateCache(): LocateCache {
  return { range: null }
}

/**
 * Line (0-based index into `lines`) of `pointer` within lines [from, to); nearest ancestor if
 * absent. With a cache, prefixes shared by several pointers of one document are resolved once.
 */
export function locateIn(lines: readonly string[], from: number, to: number, pointer: string, cache?: LocateCache): number {
  let r: Range = { from, to }
  let found = from
  let scopeFromKeyLine = true
  let node: LocateNode | undefined = cache
  for (const seg of splitPointer(pointer)) {
    let child: LocateNode | undefined = node?.children?.get(seg)
    if (child === undefined) {
      const range =
        (typeof seg === 'number'
          ? findIndex(lines, r, seg)
          : findKey(lines, scopeFromKeyLine ? r : { from: r.from + 1, to: r.to }, seg)) ?? null
      child = { range }
      if (node) (node.children ??= new Map()).set(seg, child)
    }
    node = child
    const next = child.range
    if (!next) return found
    r = next
    found = next.from
    // children of a key start on the next line; the keys of a sequence item start on its dash line
    scopeFromKeyLine = typeof seg === 'number'
  }
  return found
}
