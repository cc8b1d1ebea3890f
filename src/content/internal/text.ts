/** Small pure helpers shared by the content scanners: binary sniffing, lines, entropy, redaction. */

/** Bytes inspected to decide whether a body is binary (git and grep use the same 8 KiB rule). */
export const BINARY_SNIFF_BYTES = 8192

/** True when a NUL byte occurs in the first 8 KiB: text rules skip such bodies. */
export function isBinary(body: Buffer): boolean {
  return body.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1
}

/** Maps string offsets to 1-based line numbers; built lazily once per file. */
export class LineIndex {
  private starts: number[] | undefined
  constructor(private readonly text: string) {}

  /** 1-based line holding `offset`. */
  lineOf(offset: number): number {
    const starts = (this.starts ??= lineStarts(this.text))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] as number) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }

  /** The text of the line holding `offset`, without its newline. */
  lineText(offset: number): { start: number; text: string } {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1
    let end = this.text.indexOf('\n', offset)
    if (end < 0) end = this.text.length
    return { start, text: this.text.slice(start, end).replace(/\r$/, '') }
  }
}

function lineStarts(text: string): number[] {
  const out = [0]
  let i = text.indexOf('\n')
  while (i !== -1) {
    out.push(i + 1)
    i = text.indexOf('\n', i + 1)
  }
  return out
}

/** Shannon entropy in bits per character: random tokens score high, words and placeholders low. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  return h
}

/**
 * Redacts a secret for display: the first and last four characters of long values stay (enough to
 * recognise a key, `AKIA************MPLE`), everything else becomes `*`. Short values are fully masked.
 */
export function redact(secret: string): string {
  const s = secret.length > 200 ? secret.slice(0, 200) : secret
  if (s.length >= 16) return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`
  if (s.length >= 10) return `${s.slice(0, 2)}${'*'.repeat(s.length - 2)}`
  return '*'.repeat(Math.max(s.length, 4))
}

/** Replaces each span of `line` with its redaction; spans are [start, end) offsets into the line. */
export function redactSpans(line: string, spans: readonly (readonly [number, number])[]): string {
  const sorted = [...spans].sort((a, b) => b[0] - a[0])
  let out = line
  for (const [s, e] of sorted) out = out.slice(0, s) + redact(out.slice(s, e)) + out.slice(e)
  return out
}

/** Cuts a long line to a window around `at`, marking the cuts with an ellipsis. */
export function clip(line: string, at: number, width = 120): string {
  if (line.length <= width) return line.trim()
  const start = Math.max(0, Math.min(at - width / 3, line.length - width))
  const end = start + width
  return `${start > 0 ? '…' : ''}${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`
}
