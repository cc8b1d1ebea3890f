import type { Finding } from '../core/index.js'
import { globToRegExp } from './internal/glob.js'

/** One allow-list entry: findings of `rule` (all rules when absent) at paths matching `path` (a glob; all when absent). */
export interface AllowEntry {
  readonly rule?: string
  readonly path?: string
  /** Why it is allowed: kept on the suppressed finding. */
  readonly reason?: string
}

/**
 * Parses an allow-list file: one entry per line, `RULE`, `RULE PATH-GLOB`, or `* PATH-GLOB`
 * (`#` comments). Example: `private-key /usr/src/app/test/fixtures/**`.
 */
export function parseAllowList(text: string): AllowEntry[] {
  const out: AllowEntry[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line === '') continue
    const [rule = '*', path] = line.split(/\s+/)
    out.push({ ...(rule !== '*' ? { rule } : {}), ...(path ? { path } : {}) })
  }
  return out
}

/**
 * Marks findings an entry allows as suppressed (kept for reports, excluded from gates, as
 * ignore rules are everywhere else); an entry needs a rule or a path.
 */
export function applyAllowList(findings: readonly Finding[], allow: readonly AllowEntry[]): Finding[] {
  const compiled = allow
    .filter((a) => a.rule !== undefined || a.path !== undefined)
    .map((a) => ({ ...a, re: a.path !== undefined ? globToRegExp(a.path) : undefined }))
  if (compiled.length === 0) return [...findings]
  return findings.map((f) => {
    const hit = compiled.find((a) => (a.rule === undefined || a.rule === f.id) && (a.re === undefined || (f.location?.path !== undefined && a.re.test(f.location.path))))
    if (!hit || f.suppressed) return f
    const by = `allow-list: ${hit.rule ?? '*'}${hit.path ? ` ${hit.path}` : ''}`
    return { ...f, suppressed: { by, reason: hit.reason ?? 'allowed by the content allow-list' } }
  })
}
