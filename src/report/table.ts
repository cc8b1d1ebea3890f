import type { Finding, ScanReport, Severity } from '../core/index.js'
import { shortDigest } from '../core/index.js'
import {
  artifactTitle,
  countFindings,
  groupName,
  SEVERITIES_DESC,
  sortFindings,
  sortPackages,
  vulnView,
} from './common.js'
import type { Painter, TableRow } from './table-layout.js'
import { createPainter, drawTable, sanitizeCell } from './table-layout.js'

/** Options of the table renderer. */
export interface TableOptions {
  /** ANSI colours; the CLI passes false for NO_COLOR or when stdout is not a terminal. */
  readonly color?: boolean
  /** Terminal columns; tables shrink their widest text columns to fit. Default 160. */
  readonly width?: number
}

const DEFAULT_WIDTH = 160
const MAX_LISTED = 20

function summary(report: ScanReport, p: Painter): string[] {
  const c = countFindings(report.findings)
  const a = report.artifact
  const lines = [p.bold(`Artifact: ${sanitizeCell(artifactTitle(report))}`)]
  if (a.manifestDigest) lines.push(`Digest:   ${sanitizeCell(a.manifestDigest)}`)
  if (a.configDigest) lines.push(`Image ID: ${sanitizeCell(a.configDigest)}`)
  lines.push(`Packages: ${report.packages.length}`)
  const sev = SEVERITIES_DESC.map((s) => p.severity(`${s} ${c.bySeverity[s]}`, s)).join(', ')
  const sup = c.suppressed > 0 ? ` (${c.suppressed} suppressed)` : ''
  lines.push(`Findings: ${c.total}${sup}: ${sev}`)
  if (c.byKind.size > 0) {
    const kinds = [...c.byKind].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, n]) => `${k} ${n}`)
    lines.push(`Kinds:    ${kinds.join(', ')}`)
  }
  return lines
}

function label(f: Finding, title: string): string {
  const t = f.evidence ? `${title} [${f.evidence}]` : title
  // The justification (VEX) or reason (ignore file) is what a reviewer needs to trust the hiding.
  return f.suppressed ? `[suppressed: ${f.suppressed.reason}] ${t}` : t
}

function groupedRows(findings: readonly Finding[], cells: (f: Finding) => string[]): TableRow[] {
  const rows: TableRow[] = []
  let last: string | undefined
  for (const f of findings) {
    const key = `${groupName(f)}\u0000${f.target.installedVersion ?? ''}`
    const row = cells(f)
    if (key === last) row[0] = ''
    rows.push({ cells: row, separatorBefore: last !== undefined && key !== last })
    last = key
  }
  return rows
}

function vulnTable(findings: readonly Finding[], width: number, p: Painter): string {
  const rows = groupedRows(findings, (f) => {
    const fixed = vulnView(f).fixedVersions.join(', ')
    return [groupName(f), f.id, f.target.installedVersion ?? '', fixed, label(f, f.title)]
  })
  const headers = ['Package', 'Vulnerability', 'Installed', 'Fixed', 'Title']
  return drawTable(
    {
      headers,
      rows,
      shrinkOrder: [4, 0, 2, 3, 1],
      paint: (text, _row, col) => (col === 1 ? p.bold(text) : text),
    },
    width,
  )
}

function where(f: Finding): string {
  const l = f.location
  if (!l) return ''
  // The target column already names the file: only the line is news then.
  if (l.path && l.path === f.target.name) return l.startLine ? `line ${l.startLine}` : ''
  if (l.path) return l.startLine ? `${l.path}:${l.startLine}` : l.path
  return l.pointer ?? (l.layerDigest ? shortDigest(l.layerDigest) : '')
}

function otherTable(findings: readonly Finding[], width: number, p: Painter): string {
  const rows = groupedRows(findings, (f) => [f.target.name, f.kind, f.id, where(f), label(f, f.title)])
  return drawTable(
    {
      headers: ['Target', 'Kind', 'Rule', 'Location', 'Title'],
      rows,
      shrinkOrder: [4, 3, 0, 2],
      paint: (text, _row, col) => (col === 2 ? p.bold(text) : text),
    },
    width,
  )
}

function severitySection(s: Severity, findings: readonly Finding[], width: number, p: Painter): string[] {
  const vulns = findings.filter((f) => f.kind === 'vulnerability')
  const others = findings.filter((f) => f.kind !== 'vulnerability')
  const out = ['', p.severity(`${s.toUpperCase()} (${findings.length})`, s)]
  if (vulns.length > 0) out.push(vulnTable(vulns, width, p))
  if (others.length > 0) out.push(otherTable(others, width, p))
  return out
}

function packagesTable(report: ScanReport, width: number): string {
  const rows = sortPackages(report.packages).map((pkg) => ({
    cells: [
      pkg.namespace ? `${pkg.namespace}/${pkg.name}` : pkg.name,
      pkg.version,
      pkg.type,
      pkg.layer ? shortDigest(pkg.layer.digest ?? pkg.layer.diffId) : '',
    ],
  }))
  return drawTable({ headers: ['Name', 'Version', 'Type', 'Layer'], rows, shrinkOrder: [0, 1] }, width)
}

function notes(report: ScanReport, p: Painter): string[] {
  const out: string[] = []
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return
    out.push('', p.bold(`${title} (${items.length})`))
    for (const item of items.slice(0, MAX_LISTED)) out.push(`  - ${sanitizeCell(item)}`)
    if (items.length > MAX_LISTED) out.push(`  … and ${items.length - MAX_LISTED} more`)
  }
  list('Warnings', report.warnings)
  list('Not analyzed', report.unknowns.map((u) => `${u.path}: ${u.reason}`))
  return out
}

/**
 * Renders a report as terminal tables, like Trivy's: a summary, then findings by severity
 * (critical first) grouped by package or target; with no findings, the package list (SBOM).
 */
export function renderTable(report: ScanReport, options: TableOptions = {}): string {
  const p = createPainter(options.color === true)
  const width = Math.max(40, options.width ?? DEFAULT_WIDTH)
  const out = summary(report, p)
  const sorted = sortFindings(report.findings)
  if (sorted.length === 0) {
    out.push('', report.packages.length > 0 ? packagesTable(report, width) : 'No packages found.')
  }
  for (const s of SEVERITIES_DESC) {
    const group = sorted.filter((f) => f.severity === s)
    if (group.length > 0) out.push(...severitySection(s, group, width, p))
  }
  out.push(...notes(report, p))
  return `${out.join('\n')}\n`
}
