import type { Severity } from '../core/index.js'

/** One row of a text table; `separatorBefore` draws a rule above it (a new group starts). */
export interface TableRow {
  readonly cells: readonly string[]
  readonly separatorBefore?: boolean
}

/** A text table: headers, rows, and which columns give up width first when it is too wide. */
export interface TableSpec {
  readonly headers: readonly string[]
  readonly rows: readonly TableRow[]
  /** Column indexes in the order they shrink (the first shrinks first). */
  readonly shrinkOrder: readonly number[]
  /** Optional colouring of a padded cell (never changes its width). */
  readonly paint?: (text: string, row: number, col: number) => string
}

/**
 * Makes untrusted text safe for a terminal: control characters (C0, DEL, C1) could move the
 * cursor or inject escape sequences, so each becomes `?`; line breaks and tabs become spaces.
 */
export function sanitizeCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}

function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfe0f) return 0
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  return wide ? 2 : 1
}

/** Terminal columns a string takes: East Asian wide characters and emoji count two. */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += charWidth(ch.codePointAt(0) ?? 0)
  return w
}

/** Cuts text to at most `width` columns, ending with `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  if (width <= 0) return ''
  let out = ''
  let w = 0
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0) ?? 0)
    if (w + cw > width - 1) break
    out += ch
    w += cw
  }
  return `${out}…`
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)))
}

const MIN_COLUMN = 6

function fitWidths(spec: TableSpec, maxWidth: number): number[] {
  const n = spec.headers.length
  const widths = spec.headers.map((h) => displayWidth(h))
  for (const row of spec.rows) {
    row.cells.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))
    })
  }
  let excess = widths.reduce((a, b) => a + b, 0) + 3 * n + 1 - maxWidth
  // Headers may be cut too on a very narrow terminal: staying inside the width matters more.
  const mins = widths.map((w) => Math.min(w, MIN_COLUMN))
  // Take one column at a time from the widest shrinkable column (ties: earlier in shrinkOrder),
  // so long titles and paths give up width together instead of one collapsing first.
  while (excess > 0) {
    let pick = -1
    for (const i of spec.shrinkOrder) {
      const w = widths[i] ?? 0
      if (w > (mins[i] ?? 0) && (pick < 0 || w > (widths[pick] ?? 0))) pick = i
    }
    if (pick < 0) break
    widths[pick] = (widths[pick] ?? 0) - 1
    excess--
  }
  return widths
}

function rule(widths: readonly number[], left: string, mid: string, right: string): string {
  return left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right
}

/** Draws a box table no wider than `maxWidth` (when the minimum column widths allow it). */
export function drawTable(input: TableSpec, maxWidth: number): string {
  const spec: TableSpec = {
    ...input,
    headers: input.headers.map(sanitizeCell),
    rows: input.rows.map((r) => ({ ...r, cells: r.cells.map(sanitizeCell) })),
  }
  const widths = fitWidths(spec, maxWidth)
  const line = (cells: readonly string[], rowIndex: number): string =>
    '│' +
    widths
      .map((w, i) => {
        const padded = pad(truncate(cells[i] ?? '', w), w)
        return ` ${spec.paint && rowIndex >= 0 ? spec.paint(padded, rowIndex, i) : padded} `
      })
      .join('│') +
    '│'
  const out = [rule(widths, '┌', '┬', '┐'), line(spec.headers, -1), rule(widths, '├', '┼', '┤')]
  spec.rows.forEach((row, i) => {
    if (row.separatorBefore && i > 0) out.push(rule(widths, '├', '┼', '┤'))
    out.push(line(row.cells, i))
  })
  out.push(rule(widths, '└', '┴', '┘'))
  return out.join('\n')
}

const SEVERITY_SGR: Readonly<Record<Severity, string>> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '34',
  unknown: '90',
}

/** A painter that colours text with ANSI SGR codes, or leaves it alone when colour is off. */
export interface Painter {
  severity(text: string, s: Severity): string
  bold(text: string): string
  dim(text: string): string
}

/** ANSI colours when `color` is true; identity functions otherwise (NO_COLOR, not a TTY). */
export function createPainter(color: boolean): Painter {
  const sgr = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text)
  return {
    severity: (text, s) => sgr(SEVERITY_SGR[s], text),
    bold: (text) => sgr('1', text),
    dim: (text) => sgr('2', text),
  }
}
