import type { Finding, ScanReport } from '../core/index.js'
import { compareSeverity } from '../core/index.js'
import { countFindings, SEVERITIES_DESC } from './common.js'
import { createPainter, drawTable, sanitizeCell, type TableRow } from './table-layout.js'

/** A score and grade as the audit computes them. */
export interface AuditTableScore {
  readonly score: number
  readonly grade: string
}

/** Scores the configuration audit adds to its table. */
export interface AuditTableScores {
  readonly objects: Readonly<Record<string, AuditTableScore>>
  readonly namespaces: Readonly<Record<string, AuditTableScore>>
  readonly cluster: AuditTableScore
}

function byResource(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    const key = f.target.name
    const g = groups.get(key)
    if (g) g.push(f)
    else groups.set(key, [f])
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function rowsOf(findings: readonly Finding[]): TableRow[] {
  const sorted = [...findings].sort((a, b) => compareSeverity(b.severity, a.severity) || (a.id < b.id ? -1 : 1))
  return sorted.map((f) => ({
    cells: [
      f.severity + (f.suppressed ? ' (suppressed)' : ''),
      f.id,
      f.description ?? f.title,
      f.location?.startLine !== undefined ? `${f.location.path ?? ''}:${f.location.startLine}` : (f.location?.path ?? ''),
    ],
  }))
}

/**
 * The configuration audit as a table grouped by resource, each with its score, then the
 * namespace and cluster scores. Findings of other producers in the same report group the same way.
 */
export function renderAuditTable(report: ScanReport, scores: AuditTableScores, opts: { color?: boolean; width?: number } = {}): string {
  const p = createPainter(opts.color === true)
  const width = opts.width ?? 160
  const c = countFindings(report.findings)
  const out: string[] = [
    p.bold(`Audit: ${sanitizeCell(report.artifact.name)}`),
    `Findings: ${c.total}${c.suppressed ? ` (${c.suppressed} suppressed)` : ''}: ${SEVERITIES_DESC.map((s) => p.severity(`${s} ${c.bySeverity[s]}`, s)).join(', ')}`,
    `Cluster score: ${scores.cluster.score} (${scores.cluster.grade})`,
  ]
  for (const [resource, list] of byResource(report.findings)) {
    const s = scores.objects[resource]
    out.push('', p.bold(`${sanitizeCell(resource)}${s ? `  score ${s.score} (${s.grade})` : ''}`))
    out.push(drawTable({ headers: ['Severity', 'Check', 'Finding', 'Location'], rows: rowsOf(list), shrinkOrder: [2, 3] }, width))
  }
  const ns = Object.entries(scores.namespaces).sort(([a], [b]) => (a < b ? -1 : 1))
  if (ns.length > 0) {
    out.push('', p.bold('Namespaces'))
    out.push(drawTable({ headers: ['Namespace', 'Score', 'Grade'], rows: ns.map(([n, x]) => ({ cells: [n, String(x.score), x.grade] })), shrinkOrder: [0] }, width))
  }
  for (const w of report.warnings) out.push(p.dim(`warning: ${sanitizeCell(w)}`))
  return `${out.join('\n')}\n`
}
