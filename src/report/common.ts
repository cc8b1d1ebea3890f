import type { Finding, FindingKind, Package, ScanReport, Severity } from '../core/index.js'
import { SEVERITIES, compareSeverity } from '../core/index.js'

/** One CVSS entry as a vulnerability finding carries it in `details.cvss`. */
export interface CvssEntry {
  readonly version: string
  readonly vector: string
  readonly score: number
}

/**
 * The vulnerability details a renderer reads, checked field by field: `Finding.details` is
 * typed by its producer as an open record, so nothing here is trusted blindly.
 */
export interface VulnView {
  readonly aliases: readonly string[]
  readonly fixedVersions: readonly string[]
  readonly cvss: readonly CvssEntry[]
  readonly cwes: readonly string[]
  readonly published?: string
  readonly modified?: string
  readonly dataSource?: string
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

function cvssList(v: unknown): CvssEntry[] {
  if (!Array.isArray(v)) return []
  const out: CvssEntry[] = []
  for (const e of v as unknown[]) {
    if (typeof e !== 'object' || e === null) continue
    const r = e as Record<string, unknown>
    const score = r.score
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) continue
    out.push({ version: str(r.version) ?? '', vector: str(r.vector) ?? '', score })
  }
  return out
}

/** Reads the vulnerability view of a finding's details; absent or malformed fields become empty. */
export function vulnView(f: Finding): VulnView {
  const d = f.details ?? {}
  const published = str(d.published)
  const modified = str(d.modified)
  const dataSource = str(d.dataSource)
  return {
    aliases: strings(d.aliases),
    fixedVersions: strings(d.fixedVersions),
    cvss: cvssList(d.cvss),
    cwes: strings(d.cwes),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
    ...(dataSource ? { dataSource } : {}),
  }
}

/** Severities from the most to the least severe, the order every renderer lists them in. */
export const SEVERITIES_DESC: readonly Severity[] = [...SEVERITIES].reverse()

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The name a finding is grouped under: the package for vulnerabilities, else the target. */
export function groupName(f: Finding): string {
  return f.target.packageName ?? f.target.name
}

/** Findings sorted by severity (critical first), then target, id and location: stable output. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverity(b.severity, a.severity) ||
      cmpText(groupName(a), groupName(b)) ||
      cmpText(a.target.installedVersion ?? '', b.target.installedVersion ?? '') ||
      cmpText(a.id, b.id) ||
      cmpText(a.location?.path ?? '', b.location?.path ?? '') ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0),
  )
}

/** Packages sorted by type, name, version and first path. */
export function sortPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(
    (a, b) =>
      cmpText(a.type, b.type) ||
      cmpText(a.name, b.name) ||
      cmpText(a.version, b.version) ||
      cmpText(a.locations[0]?.path ?? '', b.locations[0]?.path ?? ''),
  )
}

/** Counts of findings per severity and per kind; suppressed findings are counted apart. */
export interface FindingCounts {
  readonly total: number
  readonly suppressed: number
  readonly bySeverity: Readonly<Record<Severity, number>>
  readonly byKind: ReadonlyMap<FindingKind, number>
}

/** Counts the active (not suppressed) findings of a report by severity and kind. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const bySeverity: Record<Severity, number> = { unknown: 0, low: 0, medium: 0, high: 0, critical: 0 }
  const byKind = new Map<FindingKind, number>()
  let suppressed = 0
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++
      continue
    }
    bySeverity[f.severity]++
    byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1)
  }
  return { total: findings.length - suppressed, suppressed, bySeverity, byKind }
}

// GitHub code scanning reads `security-severity` as a CVSS-like score: critical >= 9.0,
// high >= 7.0, medium >= 4.0, low > 0. Without a CVSS score we use a point inside each band.
// ref: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
const SEVERITY_SCORE: Readonly<Record<Severity, number>> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  unknown: 0.0,
}

/** The highest CVSS score of a finding, or a score mapped from its severity when none is known. */
export function findingScore(f: Finding): number {
  const scores = vulnView(f).cvss.map((c) => c.score)
  return scores.length > 0 ? Math.max(...scores) : SEVERITY_SCORE[f.severity]
}

/** CVSS qualitative rating of a base score (CVSS v3.1 and v4.0 share the bands). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  if (score > 0) return 'low'
  return 'unknown'
}

/** Index of a report's packages by purl, for joining vulnerability findings to packages. */
export function packagesByPurl(report: ScanReport): Map<string, Package> {
  const m = new Map<string, Package>()
  for (const p of report.packages) if (!m.has(p.purl)) m.set(p.purl, p)
  return m
}

/** A printable name for the scanned artifact: the reference, with its OS when known. */
export function artifactTitle(report: ScanReport): string {
  const os = report.os ? ` (${[report.os.family, report.os.version].filter(Boolean).join(' ')})` : ''
  return `${report.artifact.name}${os}`
}

/** The http(s) references of a finding, normalized; anything else is dropped from links. */
export function webLinks(refs: readonly string[]): string[] {
  const out: string[] = []
  for (const r of refs) {
    let u: URL
    try {
      u = new URL(r)
    } catch {
      continue
    }
    if ((u.protocol === 'https:' || u.protocol === 'http:') && !out.includes(u.href)) out.push(u.href)
  }
  return out
}
