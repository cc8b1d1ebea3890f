/**
 * A reader for the plain subset of YAML that manifests are written in (block mappings and
 * sequences, one-line scalars, one-line flow sequences of scalars), giving exactly the values
 * js-yaml's `loadAll` gives, in a fraction of its time. Anything outside the subset (anchors,
 * tags, block scalars, multi-line scalars, escapes, flow mappings, tabs, CR, directives) makes
 * it give up on the whole text, and the caller parses that text with js-yaml: the subset is a
 * shortcut, never a second dialect.
 *
 * Plain scalars are resolved by js-yaml's own implicit types, in its own order, so numbers,
 * booleans, nulls and timestamps come out as js-yaml makes them.
 * ref: https://yaml.org/spec/1.2.2/ (chapters 7 and 8: flow and block styles)
 */
import { blocksPlain, IMPLICIT, isDigit, mayBeTyped, resolvePlain, type ImplicitType } from './yaml-scalars.js'

/** Thrown (and caught in this module) when the text leaves the subset. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('outside the YAML subset')

// Texts with tabs, CR, a byte order mark, control characters (non-printable for js-yaml, an
// error it reports) or surrogates (astral characters, rare in manifests) are left to js-yaml:
// one pass of a character class decides, where js-yaml's exact test takes several times longer.
// eslint-disable-next-line no-control-regex
const NOT_SUBSET = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/

const SPACE = 32
const HASH = 35
const DASH = 45
const COLON = 58
const DQUOTE = 34
const SQUOTE = 39
const MAX_DEPTH = 64 // js-yaml stops at 100: deeper input is left to it

// Items of the sequences being read, innermost last: each sequence is copied out at its end,
// so its array holds exactly its items (an array grown by push keeps room for 17). The keys
// of the mappings being read, to find a repeated key without looking it up on the object.
const ITEMS: unknown[] = []
let itemsTop = 0
const KEYS: string[] = []
let keysTop = 0

function take(base: number): unknown[] {
  const items = ITEMS.slice(base, itemsTop)
  itemsTop = base
  return items
}

function pushItem(v: unknown): void {
  ITEMS[itemsTop++] = v
}

// true when the mapping whose keys start at `base` already has `key`
function seen(base: number, key: string, out: Record<string, unknown>): boolean {
  if (keysTop - base > 32) return Object.hasOwn(out, key)
  for (let i = base; i < keysTop; i++) if (KEYS[i] === key) return true
  return false
}

// Keys and short values already read, by length and first character: text read before is
// taken as that string (compared in place, no copy made), so documents share their repeated
// keys and values (`name`, `TCP`, `apps/v1`), and objects store known keys without a lookup.
// Only texts up to 64 characters are kept: at most 4096 × 8 of them.
const KNOWN_TEXT = new Map<number, string[]>()

function knownText(text: string, p: number, e: number): string {
  if (e - p > 64) return text.slice(p, e)
  const signature = (e - p) * 65536 + text.charCodeAt(p)
  let bucket = KNOWN_TEXT.get(signature)
  if (bucket) for (const known of bucket) if (text.startsWith(known, p)) return known
  const s = text.slice(p, e)
  if (!bucket) {
    if (KNOWN_TEXT.size >= 4096) KNOWN_TEXT.clear()
    bucket = []
    KNOWN_TEXT.set(signature, bucket)
  }
  if (bucket.length < 8) bucket.push(s)
  return s
}

class Reader {
  private readonly text: string
  private readonly types: readonly ImplicitType[]
  private readonly end: number
  /** Current line: start offset, end offset (its `\n` or `end`), column and offset of its content. */
  private ls = 0
  private le = 0
  ind = 0
  private cp = 0
  /** True when no content line is left. */
  eof = false
  private depth = 0

  constructor(text: string, types: readonly ImplicitType[], from: number, end: number) {
    this.text = text
    this.types = types
    this.end = end
    this.le = from - 1
  }

  /** Moves to the next line with content (skipping blank and comment lines). */
  next(): void {
    const text = this.text
    for (;;) {
      const s = this.le + 1
      if (s >= this.end) {
        this.eof = true
        return
      }
      let e = text.indexOf('\n', s)
      if (e === -1 || e > this.end) e = this.end
      let p = s
      while (p < e && text.charCodeAt(p) === SPACE) p++
      this.ls = s
      this.le = e
      if (p === e) continue
      const c = text.charCodeAt(p)
      if (c === HASH) continue
      // `...` ends a document and `%` starts a directive: left to js-yaml
      if (p === s && (c === 37 || (c === 46 && text.startsWith('...', s)))) throw UNSUPPORTED
      this.ind = p - s
      this.cp = p
      return
    }
  }

  /** The node starting at the current content (a block mapping or sequence). */
  node(): unknown {
    if (++this.depth > MAX_DEPTH) throw UNSUPPORTED
    const v = this.isDash(this.cp) ? this.sequence() : this.mapping()
    this.depth--
    return v
  }

  private isDash(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false
    return p + 1 === this.le || this.text.charCodeAt(p + 1) === SPACE
  }

  private sequence(): unknown[] {
    const n = this.ind
    const base = itemsTop
    const text = this.text
    for (;;) {
      let p = this.cp + 1
      while (p < this.le && text.charCodeAt(p) === SPACE) p++
      if (p === this.le || text.charCodeAt(p) === HASH) {
        // `-` alone: the item is the block below, or null
        this.next()
        if (!this.eof && this.ind > n) pushItem(this.node())
        else {
          pushItem(null)
          // js-yaml goes on reading this sequence at any `- ` after an empty item, however little indented
          if (!this.eof && this.ind < n && this.isDash(this.cp)) throw UNSUPPORTED
        }
      } else if (this.isDash(p)) {
        throw UNSUPPORTED // `- - x`
      } else {
        this.ind = p - this.ls
        this.cp = p
        const colon = this.keyColon(p)
        if (colon >= 0) pushItem(this.node())
        else {
          pushItem(this.inline(p))
          this.next()
          if (!this.eof && this.ind > n) throw UNSUPPORTED
        }
      }
      if (this.eof || this.ind < n) return take(base)
      if (this.ind > n) throw UNSUPPORTED
      if (!this.isDash(this.cp)) return take(base) // the parent mapping's next key (a compact sequence)
    }
  }

  private mapping(): Record<string, unknown> {
    const n = this.ind
    const out: Record<string, unknown> = {}
    const text = this.text
    const base = keysTop
    for (;;) {
      const colon = this.keyColon(this.cp)
      if (colon < 0) throw UNSUPPORTED
      const key = this.key(this.cp, colon)
      if (key === '__proto__' || seen(base, key, out)) throw UNSUPPORTED // duplicates and prototype keys: js-yaml decides
      KEYS[keysTop++] = key
      let p = colon + 1
      while (p < this.le && text.charCodeAt(p) === SPACE) p++
      let value: unknown
      if (p === this.le || text.charCodeAt(p) === HASH) {
        this.next()
        if (this.eof) value = null
        else if (this.ind > n) value = this.node()
        else if (this.ind === n && this.isDash(this.cp)) value = this.sequence()
        else value = null
      } else {
        value = this.inline(p)
        this.next()
        if (!this.eof && this.ind > n) throw UNSUPPORTED // a multi-line scalar
      }
      out[key] = value
      if (this.eof || this.ind < n) {
        keysTop = base
        return out
      }
      if (this.ind > n || this.isDash(this.cp)) throw UNSUPPORTED
    }
  }

  /**
   * Offset of the `:` ending an implicit key that starts at p on the current line, or -1 when
   * the line holds no key there. Quoted keys must close on the line.
   */
  private keyColon(p: number): number {
    const text = this.text
    const le = this.le
    const c = text.charCodeAt(p)
    if (c === DQUOTE || c === SQUOTE) {
      let q = this.quoteEnd(p)
      if (q < 0) return -1
      while (q < le && text.charCodeAt(q) === SPACE) q++
      return q < le && text.charCodeAt(q) === COLON && (q + 1 === le || text.charCodeAt(q + 1) === SPACE) ? q : -1
    }
    if (blocksPlain(c) || ((c === DASH || c === 63 || c === COLON) && (p + 1 === le || text.charCodeAt(p + 1) === SPACE))) return -1
    for (let q = p + 1; q < le; q++) {
      const ch = text.charCodeAt(q)
      if (ch === COLON) {
        if (q + 1 === le || text.charCodeAt(q + 1) === SPACE) return q
      } else if (ch === HASH && text.charCodeAt(q - 1) === SPACE) return -1
    }
    return -1
  }

  /** The key text from p to the colon, as js-yaml makes it (a resolved plain key becomes its string). */
  private key(p: number, colon: number): string {
    const text = this.text
    const c = text.charCodeAt(p)
    if (c === DQUOTE || c === SQUOTE) return this.quoted(p, this.quoteEnd(p))
    let e = colon
    while (text.charCodeAt(e - 1) === SPACE) e--
    if (e - p > 1024) throw UNSUPPORTED
    const raw = knownText(text, p, e)
    if (!mayBeTyped(raw)) return raw
    const v = resolvePlain(raw, this.types)
    if (v === raw) return raw
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v)
    throw UNSUPPORTED // a timestamp or merge key
  }

  /** Offset just past the closing quote of the quoted scalar at p, or -1 (escapes, no close on the line). */
  private quoteEnd(p: number): number {
    const text = this.text
    const quote = text.charCodeAt(p)
    for (let q = p + 1; q < this.le; q++) {
      const ch = text.charCodeAt(q)
      if (ch === 92 && quote === DQUOTE) return -1 // a backslash escape
      if (ch !== quote) continue
      if (quote === SQUOTE && text.charCodeAt(q + 1) === SQUOTE && q + 1 < this.le) {
        q++ // '' inside single quotes
        continue
      }
      return q + 1
    }
    return -1
  }

  private quoted(p: number, end: number): string {
    const s = end - p - 2 <= 16 ? knownText(this.text, p + 1, end - 1) : this.text.slice(p + 1, end - 1)
    return this.text.charCodeAt(p) === SQUOTE && s.includes("''") ? s.replaceAll("''", "'") : s
  }

  /** Skips spaces and a comment after a value ending at p; anything else there is unsupported. */
  private lineRest(p: number): void {
    const text = this.text
    let q = p
    while (q < this.le && text.charCodeAt(q) === SPACE) q++
    if (q === this.le) return
    if (text.charCodeAt(q) === HASH && q > p) return
    throw UNSUPPORTED
  }

  /** A value written on the current line from p: quoted, a flow sequence, or a plain scalar. */
  private inline(p: number): unknown {
    const text = this.text
    const c = text.charCodeAt(p)
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quoteEnd(p)
      if (end < 0) throw UNSUPPORTED
      this.lineRest(end)
      return this.quoted(p, end)
    }
    if (c === 91) return this.flowSequence(p)
    if (c === 123) {
      // only `{}`
      let q = p + 1
      while (q < this.le && text.charCodeAt(q) === SPACE) q++
      if (text.charCodeAt(q) !== 125 || q >= this.le) throw UNSUPPORTED
      this.lineRest(q + 1)
      return {}
    }
    if (blocksPlain(c) || ((c === DASH || c === 63 || c === COLON) && (p + 1 === this.le || text.charCodeAt(p + 1) === SPACE))) throw UNSUPPORTED
    let e = p + 1
    for (let q = p + 1; q < this.le; q++) {
      const ch = text.charCodeAt(q)
      // a key inside a value (`a: b: c`) is an error for js-yaml (an item that is a key was read as a mapping)
      if (ch === COLON && (q + 1 === this.le || text.charCodeAt(q + 1) === SPACE)) throw UNSUPPORTED
      if (ch === HASH && text.charCodeAt(q - 1) === SPACE) break
      if (ch !== SPACE) e = q + 1
    }
    return resolvePlain(e - p <= 16 ? knownText(text, p, e) : text.slice(p, e), this.types)
  }

  /** `[a, "b", 'c']` on one line, scalars only. */
  private flowSequence(p: number): unknown[] {
    const text = this.text
    const base = itemsTop
    let q = p + 1
    for (;;) {
      while (q < this.le && text.charCodeAt(q) === SPACE) q++
      if (q >= this.le) throw UNSUPPORTED
      let c = text.charCodeAt(q)
      if (c === 93 && itemsTop === base) {
        this.lineRest(q + 1)
        return take(base)
      }
      if (c === DQUOTE || c === SQUOTE) {
        const end = this.quoteEnd(q)
        if (end < 0) throw UNSUPPORTED
        pushItem(this.quoted(q, end))
        q = end
      } else {
        // `-`, `?` and `:` starting an item: left to js-yaml (`-1` is the one kept)
        if (blocksPlain(c) || c === COLON || c === 63 || (c === DASH && !isDigit(text.charCodeAt(q + 1)))) throw UNSUPPORTED
        const s = q
        let e = q
        for (; q < this.le; q++) {
          c = text.charCodeAt(q)
          if (c === 44 || c === 93) break
          if (c === 91 || c === 123 || c === 125 || c === COLON || c === HASH) throw UNSUPPORTED
          if (c !== SPACE) e = q + 1
        }
        pushItem(resolvePlain(e - s <= 16 ? knownText(text, s, e) : text.slice(s, e), this.types))
      }
      while (q < this.le && text.charCodeAt(q) === SPACE) q++
      c = text.charCodeAt(q)
      if (q >= this.le) throw UNSUPPORTED
      if (c === 93) {
        this.lineRest(q + 1)
        return take(base)
      }
      if (c !== 44) throw UNSUPPORTED
      q++
    }
  }
}

/** A document's place in the text: offsets of its first line and of its end. */
export interface DocumentSpan {
  readonly start: number
  readonly end: number
}

function readDocument(text: string, types: readonly ImplicitType[], span: DocumentSpan): unknown {
  let from = span.start
  if (text.startsWith('---', from)) {
    // `---` alone (or with a comment): content on the marker line is left to js-yaml
    let p = from + 3
    while (p < span.end && text.charCodeAt(p) === SPACE) p++
    if (p < span.end && text.charCodeAt(p) !== 10 && !(text.charCodeAt(p) === HASH && p > from + 3)) throw UNSUPPORTED
    const nl = text.indexOf('\n', from)
    from = nl === -1 || nl >= span.end ? span.end : nl + 1
  }
  const r = new Reader(text, types, from, span.end)
  r.next()
  if (r.eof) return null
  const value = r.node()
  if (!r.eof) throw UNSUPPORTED
  return value
}

/**
 * The values of the documents at `spans` (as js-yaml's loadAll gives them), or undefined when
 * any document leaves the subset and the text must go to js-yaml.
 */
export function loadSubset(text: string, spans: readonly DocumentSpan[]): unknown[] | undefined {
  if (!IMPLICIT) return undefined
  if (NOT_SUBSET.test(text)) return undefined
  const out: unknown[] = []
  try {
    for (const s of spans) out.push(readDocument(text, IMPLICIT, s))
  } catch (err) {
    if (err === UNSUPPORTED) return undefined
    throw err
  } finally {
    // nothing of this text stays reachable from the scratch lists, nor is seen by the next one
    ITEMS.length = 0
    KEYS.length = 0
    itemsTop = 0
    keysTop = 0
  }
  return out
}
