import { parsePurl, type Finding, type Severity } from '../core/index.js'
import type { IgnoreRule } from './ignore-file.js'
import type { VexStatement } from './vex.js'

/** What decides which findings are shown and which are suppressed. */
export interface FindingFilter {
  readonly ignore?: readonly IgnoreRule[]
  readonly vex?: readonly VexStatement[]
  /** Only these severities are kept (all when absent). */
  readonly severities?: readonly Severity[]
  /** Drop vulnerabilities no fixed version is known for. */
  readonly ignoreUnfixed?: boolean
  /** Today, for ignore-rule expiry. */
  readonly now?: Date
}

/** The findings after filtering, and warnings (expired rules) for the reader. */
export interface FilterResult {
  readonly findings: Finding[]
  readonly warnings: string[]
}

function idsOf(f: Finding): string[] {
  const aliases = f.details?.['aliases']
  return [f.id, ...(Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [])]
}

/**
 * True when a finding's package is the one a purl names: type, namespace and name must agree;
 * the version too when the purl has one. Qualifiers (arch, distro) are ignored.
 */
export function purlMatches(pattern: string, target: string | undefined): boolean {
  if (!target) return false
  const p = parsePurl(pattern)
  const t = parsePurl(target)
  if (!p || !t) return pattern === target
  const ns = (x?: string): string => (x ?? '').toLowerCase()
  if (p.type !== t.type || ns(p.namespace) !== ns(t.namespace) || p.name !== t.name) return false
  return !p.version || p.version === t.version
}

function isExpired(rule: IgnoreRule, now: Date): boolean {
  return rule.expires !== undefined && Date.parse(`${rule.expires}T23:59:59.999Z`) < now.getTime()
}

function ignoredBy(f: Finding, rules: readonly IgnoreRule[]): IgnoreRule | undefined {
  const ids = idsOf(f)
  return rules.find((r) => ids.includes(r.id) && (!r.purl || purlMatches(r.purl, f.target.purl)))
}

function vexFor(f: Finding, vex: readonly VexStatement[]): VexStatement | undefined {
  const ids = idsOf(f)
  return vex.find(
    (s) =>
      ids.includes(s.vulnerability) &&
      (s.products.length === 0 || s.products.some((p) => purlMatches(p, f.target.purl))),
  )
}

/**
 * Applies an ignore file and VEX statements (matched findings are kept with `suppressed` set, so
 * reports show them and gates skip them), then the severity and unfixed filters. An expired
 * ignore rule no longer suppresses; it is named in the warnings.
 */
export function filterFindings(findings: readonly Finding[], filter: FindingFilter): FilterResult {
  const now = filter.now ?? new Date()
  const all = filter.ignore ?? []
  const live = all.filter((r) => !isExpired(r, now))
  const warnings = all
    .filter((r) => isExpired(r, now))
    .map((r) => `ignore rule for ${r.id} (${r.origin}) expired on ${r.expires}: it no longer suppresses`)
  const out: Finding[] = []
  for (const f of findings) {
    if (filter.severities && !filter.severities.includes(f.severity)) continue
    if (filter.ignoreUnfixed && f.kind === 'vulnerability' && f.details?.['status'] === 'unfixed') continue
    out.push(suppress(f, live, filter.vex ?? []))
  }
  return { findings: out, warnings }
}

function suppress(f: Finding, rules: readonly IgnoreRule[], vex: readonly VexStatement[]): Finding {
  if (f.suppressed) return f
  const rule = ignoredBy(f, rules)
  if (rule) {
    const until = rule.expires ? ` (until ${rule.expires})` : ''
    return { ...f, suppressed: { by: `ignore:${rule.origin}`, reason: `${rule.reason ?? 'ignored'}${until}` } }
  }
  const s = vexFor(f, vex)
  if (s) return { ...f, suppressed: { by: `vex:${s.status}`, reason: s.justification } }
  return f
}
