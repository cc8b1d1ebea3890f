/**
 * Field pointers (`spec.containers[0].image`) as findings write them, read without building
 * strings for their segments.
 */

/** Receives one segment: a key as its range [a, b) of the pointer, or an index. */
export type Visit = (key: boolean, a: number, b: number, index: number) => boolean

/**
 * Splits `a.b[0].c` into keys and indexes. Parts are separated by dots (empty parts skipped); a
 * part is a key followed by `[n]` indexes, and a part of any other shape is a key as written
 * (so a bare `0` between dots is a key).
 */
export function splitPointer(pointer: string): readonly (string | number)[] {
  const out: (string | number)[] = []
  forEachSegment(pointer, (key, a, b, index) => {
    out.push(key ? pointer.slice(a, b) : index)
    return true
  })
  return out
}

/**
 * Calls `f` for each segment of a pointer without building strings: a key as its range [a, b)
 * of the pointer, an index as its number. Stops when `f` returns false; returns false then.
 */
function forEachSegment(pointer: string, f: Visit): boolean {
  const n = pointer.length
  let a = 0
  while (a <= n) {
    let b = pointer.indexOf('.', a)
    if (b === -1) b = n
    if (b > a && !pointerPart(pointer, a, b, f)) return false
    a = b + 1
  }
  return true
}

/**
 * The segments of one part of a pointer (between dots, [a, b)) given to `f`: by
 * /^([^[\]]*)((?:\[\d+\])*)$/ a key and indexes, any other part is a key as written. Stops
 * when `f` returns false; returns false then.
 */
export function pointerPart(pointer: string, a: number, b: number, f: Visit): boolean {
  let k = a
  while (k < b) {
    const ch = pointer.charCodeAt(k)
    if (ch === 91 || ch === 93) break
    k++
  }
  if (k === b) return f(true, a, b, 0)
  // the brackets must be `[digits]` up to the end of the part
  for (let q = k; q < b;) {
    if (pointer.charCodeAt(q) !== 91) return f(true, a, b, 0)
    let r = q + 1
    while (r < b && isDigit(pointer.charCodeAt(r))) r++
    if (r === q + 1 || r >= b || pointer.charCodeAt(r) !== 93) return f(true, a, b, 0)
    q = r + 1
  }
  if (k > a && !f(true, a, k, 0)) return false
  for (let q = k; q < b;) {
    const close = pointer.indexOf(']', q)
    if (!f(false, 0, 0, Number(pointer.slice(q + 1, close)))) return false
    q = close + 1
  }
  return true
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57
}

const FIELD_PATHS = new Map<string, Map<string, string>>()

/**
 * `base + suffix` (`spec.containers[0]` + `.image`), one string per distinct pair: field paths
 * repeat across objects, so findings and models share them instead of each building a copy.
 */
export function fieldPath(base: string, suffix: string): string {
  let bySuffix = FIELD_PATHS.get(base)
  if (!bySuffix) {
    if (FIELD_PATHS.size >= 10_000) FIELD_PATHS.clear()
    bySuffix = new Map()
    FIELD_PATHS.set(base, bySuffix)
  }
  let path = bySuffix.get(suffix)
  if (path === undefined) {
    path = base + suffix
    bySuffix.set(suffix, path)
  }
  return path
}
