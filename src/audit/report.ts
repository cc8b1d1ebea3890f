import { isAtLeast, type Finding, type ScanReport, type Severity, type Unknown } from '../core/index.js'
import type { LoadError } from '../k8s/index.js'
import type { AuditResult } from './engine.js'

/** How to turn an audit into the one report shape. */
export interface AuditReportOptions {
  readonly name: string
  readonly toolVersion: string
  readonly loadErrors: readonly LoadError[]
  readonly unknowns: readonly { readonly path: string; readonly reason: string }[]
  /** Findings from other producers on the same input (Dockerfiles). */
  readonly extraFindings?: readonly Finding[]
  /** Only findings of these severities are kept (all when absent). */
  readonly severities?: readonly Severity[]
  readonly now?: Date
}

/** A ScanReport of artifact type kubernetes: findings, unknowns, load errors and check errors as warnings. */
export function toAuditReport(result: AuditResult, o: AuditReportOptions): ScanReport {
  const all = [...result.findings, ...(o.extraFindings ?? [])]
  const findings = o.severities ? all.filter((f) => o.severities?.includes(f.severity)) : all
  const unknowns: Unknown[] = o.unknowns.map((u) => ({ path: u.path, reason: u.reason }))
  const warnings = [
    ...o.loadErrors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`),
    ...result.errors.map((e) => `check ${e.check} failed on ${e.object}: ${e.message}`),
    ...result.warnings,
  ]
  return {
    schemaVersion: 1,
    createdAt: (o.now ?? new Date()).toISOString(),
    tool: { name: 'bulwark', version: o.toolVersion },
    artifact: { name: o.name, type: 'kubernetes' },
    packages: [],
    findings,
    unknowns,
    warnings,
  }
}

/** Parses `--severity`: a list (`high,critical`) or one level meaning "this and above". */
export function parseSeverityFilter(text: string, parse: (s: string) => Severity | undefined, all: readonly Severity[]): Severity[] | undefined {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean)
  const levels = parts.map(parse)
  if (levels.some((l) => l === undefined)) return undefined
  if (levels.length === 1) return all.filter((s) => isAtLeast(s, levels[0] as Severity))
  return levels as Severity[]
}

/** Active (unsuppressed) findings at or above a severity: what a gate fails on. */
export function gateFindings(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter((f) => !f.suppressed && isAtLeast(f.severity, threshold))
}
