import { clip, LineIndex, redact, redactSpans, shannonEntropy } from '../internal/text.js'
import type { SecretRule } from './rule.js'
import { SECRET_RULES } from './rules.js'

/** One secret found in a text: everything already redacted, so it can be cached and shown. */
export interface SecretHit {
  readonly rule: string
  /** 1-based line of the start of the secret. */
  readonly line: number
  readonly endLine?: number
  /** The redacted secret (`AKIA************MPLE`). */
  readonly redacted: string
  /** The line around the secret with every secret on it redacted. */
  readonly evidence: string
}

interface RawHit {
  readonly rule: SecretRule
  readonly start: number
  readonly end: number
}

/** Literals known to occur in a body (from the one-pass prefilter), or the body to search. */
type Keywords = ReadonlySet<string> | Buffer | string

function has(where: Keywords, k: string): boolean {
  return where instanceof Set ? where.has(k) : (where as Buffer | string).indexOf(k) !== -1
}

function ruleApplies(rule: SecretRule, where: Keywords, path: string): boolean {
  if (rule.path && !rule.path.test(path)) return false
  if (!rule.keywords.some((k) => has(where, k))) return false
  return (rule.context ?? []).every((c) => has(where, c))
}

function isPlaceholder(rule: SecretRule, value: string): boolean {
  if (rule.placeholder?.test(value)) return true
  return rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy
}

function matchRule(rule: SecretRule, text: string): RawHit[] {
  const out: RawHit[] = []
  const re = new RegExp(rule.regex.source, rule.regex.flags.includes('g') ? rule.regex.flags : `${rule.regex.flags}g`)
  for (const m of text.matchAll(re)) {
    const value = m.groups?.secret ?? m[0]
    if (value === '' || isPlaceholder(rule, value)) continue
    const start = (m.index ?? 0) + m[0].indexOf(value)
    out.push({ rule, start, end: start + value.length })
  }
  return out
}

function toHits(text: string, raw: readonly RawHit[]): SecretHit[] {
  const lines = new LineIndex(text)
  return raw.map((h) => {
    const { start: lineStart, text: lineText } = lines.lineText(h.start)
    const lineEnd = lineStart + lineText.length
    // Redact every secret that touches this line, not only this one: evidence never leaks a neighbour.
    const spans = raw
      .filter((o) => o.start < lineEnd && o.end > lineStart)
      .map((o) => [Math.max(0, o.start - lineStart), Math.min(lineText.length, o.end - lineStart)] as const)
    const value = text.slice(h.start, h.end)
    const line = lines.lineOf(h.start)
    const endLine = lines.lineOf(h.end)
    const multiLine = endLine > line
    return {
      rule: h.rule.id,
      line,
      ...(multiLine ? { endLine } : {}),
      redacted: multiLine ? `${redact(value.trim().split(/\s/)[0] ?? '')} (${endLine - line + 1} lines)` : redact(value),
      evidence: clip(redactSpans(lineText, spans), h.start - lineStart),
    }
  })
}

/**
 * Finds secrets in one text body. Each rule runs only when its keywords (and context) occur in the
 * body (`present`: the prefilter's one-pass result; else Buffer.indexOf per keyword); placeholders and low-entropy values are dropped; hits superseded by a more specific rule
 * in the same file are dropped. The result holds no raw secret.
 */
export function scanSecrets(
  body: Buffer | string,
  path: string,
  rules: readonly SecretRule[] = SECRET_RULES,
  present?: ReadonlySet<string>,
): SecretHit[] {
  const applicable = rules.filter((r) => ruleApplies(r, present ?? body, path))
  if (applicable.length === 0) return []
  const text = typeof body === 'string' ? body : body.toString('utf8')
  let raw = applicable.flatMap((r) => matchRule(r, text))
  const superseded = new Set(raw.flatMap((h) => h.rule.supersedes ?? []))
  if (superseded.size > 0) raw = raw.filter((h) => !superseded.has(h.rule.id))
  raw.sort((a, b) => a.start - b.start)
  return toHits(text, raw)
}

/** Returns `text` with every secret the rules find replaced by its redaction (for evidence lines). */
export function scrubSecrets(text: string): string {
  const applicable = SECRET_RULES.filter((r) => !r.path && ruleApplies(r, text, ''))
  if (applicable.length === 0) return text
  const spans = applicable.flatMap((r) => matchRule(r, text)).map((h) => [h.start, h.end] as const)
  return redactSpans(text, spans)
}
