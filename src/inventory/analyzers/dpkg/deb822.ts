// ref: https://www.debian.org/doc/debian-policy/ch-controlfields.html#syntax-of-control-files
// ref: https://manpages.debian.org/bookworm/dpkg-dev/deb822.5.en.html

/** One paragraph of a control file: its fields (names lower-cased) and its first line. */
export interface Stanza {
  readonly fields: ReadonlyMap<string, string>
  /** 1-based line of the paragraph's first field. */
  readonly line: number
}

/** A paragraph that broke the syntax: reported, then skipped. */
export interface BadStanza {
  readonly line: number
  readonly reason: string
}

/** Longest field value kept; descriptions past this are cut (only short fields are used). */
const MAX_VALUE_CHARS = 64 * 1024

const FIELD = /^([!-9;-~][!-9;-~]*):(.*)$/

interface Builder {
  fields: Map<string, string>
  line: number
  last?: string
  error?: string
}

function finish(b: Builder | undefined, good: Stanza[], bad: BadStanza[]): void {
  if (!b) return
  if (b.error) bad.push({ line: b.line, reason: b.error })
  else if (b.fields.size > 0) good.push({ fields: b.fields, line: b.line })
}

function addLine(b: Builder, line: string): void {
  if (b.error) return
  if (line.startsWith(' ') || line.startsWith('\t')) {
    if (!b.last) {
      b.error = 'continuation line before any field'
      return
    }
    const prev = b.fields.get(b.last) ?? ''
    if (prev.length < MAX_VALUE_CHARS) b.fields.set(b.last, `${prev}\n${line.trim()}`)
    return
  }
  const m = FIELD.exec(line)
  if (!m) {
    b.error = `not a field: ${JSON.stringify(line.slice(0, 40))}`
    return
  }
  const name = (m[1] as string).toLowerCase()
  if (b.fields.has(name)) {
    b.error = `duplicate field ${m[1] as string}`
    return
  }
  b.fields.set(name, (m[2] as string).trim().slice(0, MAX_VALUE_CHARS))
  b.last = name
}

/**
 * Splits deb822 text (dpkg's status, status.d entries) into paragraphs separated by blank
 * lines. Continuation lines start with a space or tab. A paragraph with a line that is not a
 * field is reported in `bad` and skipped whole; parsing goes on with the next one.
 */
export function parseDeb822(text: string): { stanzas: Stanza[]; bad: BadStanza[] } {
  const stanzas: Stanza[] = []
  const bad: BadStanza[] = []
  let cur: Builder | undefined
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '')
    if (line.trim() === '') {
      finish(cur, stanzas, bad)
      cur = undefined
      continue
    }
    if (line.startsWith('#') && !cur) continue
    cur ??= { fields: new Map(), line: i + 1 }
    addLine(cur, line)
  }
  finish(cur, stanzas, bad)
  return { stanzas, bad }
}
