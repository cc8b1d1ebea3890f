import { createRequire } from 'node:module'
import type { fromVector } from 'ae-cvss-calculator'
import {
  baseEcosystem,
  compareSeverity,
  parseSeverity,
  type Advisory,
  type AdvisoryAffected,
  type AdvisorySeverity,
  type Severity,
} from '../core/index.js'

// ref: https://www.first.org/cvss/v3.1/specification-document#Qualitative-Severity-Rating-Scale
// ref: https://www.first.org/cvss/v4.0/specification-document (same qualitative scale)

/** The calculator ships a webpack UMD bundle whose named exports Node's ESM loader cannot see. */
const cvssLib = createRequire(import.meta.url)('ae-cvss-calculator') as { fromVector: typeof fromVector }

/** A scored CVSS vector. */
export interface CvssScore {
  readonly version: string
  readonly vector: string
  readonly score: number
}

/** The severity of a vulnerability and where it came from. */
export interface SeverityVerdict {
  readonly severity: Severity
  /** cvss-v3 | cvss-v4 | ecosystem:<name> | none */
  readonly source: string
  readonly cvss: readonly CvssScore[]
}

const scoreCache = new Map<string, CvssScore | undefined>()

/** Scores a CVSS v3.x or v4.0 vector; undefined for anything invalid or incomplete. */
export function scoreCvss(vector: string): CvssScore | undefined {
  if (scoreCache.has(vector)) return scoreCache.get(vector)
  let result: CvssScore | undefined
  const m = /^CVSS:(3\.[01]|4\.0)\//.exec(vector)
  if (m?.[1]) {
    try {
      const parsed = cvssLib.fromVector(vector) as { calculateScores(): { base?: number } } | null
      const base = parsed?.calculateScores().base
      if (typeof base === 'number' && Number.isFinite(base)) {
        result = { version: m[1], vector, score: base }
      }
    } catch {
      result = undefined
    }
  }
  scoreCache.set(vector, result)
  return result
}

/** CVSS qualitative rating of a base score. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  return 'low'
}

const CVSS_SOURCES = [['cvss-v3', '3'], ['cvss-v4', '4']] as const

/**
 * Severity from CVSS v3.x vectors when present (the rating most tools and gates agree on), else
 * CVSS v4.0, else the ecosystem's own rating (GitHub's database_specific.severity, Debian's
 * urgency, Ubuntu's priority), else unknown. The highest over all records of a finding wins.
 */
export function severityOf(
  records: readonly { advisory: Advisory; entries: readonly AdvisoryAffected[] }[],
): SeverityVerdict {
  const cvss: CvssScore[] = []
  for (const { advisory, entries } of records) {
    addCvss(cvss, advisory.severity)
    for (const e of entries) addCvss(cvss, e.severity)
  }
  for (const [source, prefix] of CVSS_SOURCES) {
    let max: number | undefined
    for (const c of cvss) if (c.version.startsWith(prefix) && (max === undefined || c.score > max)) max = c.score
    if (max !== undefined) return { severity: severityFromScore(max), source, cvss }
  }
  let best: { severity: Severity; source: string } | undefined
  for (const r of records) {
    const rating = ecosystemRating(r.advisory, r.entries)
    if (rating && (!best || compareSeverity(rating.severity, best.severity) > 0)) best = rating
  }
  return best ? { ...best, cvss } : { severity: 'unknown', source: 'none', cvss }
}

/** Adds the scored CVSS vectors of `list` not in `cvss` yet. */
function addCvss(cvss: CvssScore[], list: readonly AdvisorySeverity[] | undefined): void {
  for (const s of list ?? []) {
    if (s.type !== 'CVSS_V3' && s.type !== 'CVSS_V4') continue
    const scored = scoreCvss(s.score)
    if (scored && !cvss.some((c) => c.vector === scored.vector)) cvss.push(scored)
  }
}

function ecosystemRating(
  advisory: Advisory,
  entries: readonly AdvisoryAffected[],
): { severity: Severity; source: string } | undefined {
  for (const e of entries) {
    const eco = e.package ? baseEcosystem(e.package.ecosystem) : 'unknown'
    const urgency = e.ecosystem_specific?.['urgency']
    const rated = typeof urgency === 'string' ? fromUrgency(urgency) : undefined
    if (rated) return { severity: rated, source: `ecosystem:${eco}` }
    const ubuntu = e.severity?.find((s) => s.type === 'Ubuntu') ?? advisory.severity?.find((s) => s.type === 'Ubuntu')
    const priority = ubuntu ? parseSeverity(ubuntu.score) : undefined
    if (priority) return { severity: priority, source: 'ecosystem:Ubuntu' }
    const own = e.ecosystem_specific?.['severity'] ?? e.database_specific?.['severity']
    const parsed = typeof own === 'string' ? parseSeverity(own) : undefined
    if (parsed) return { severity: parsed, source: `ecosystem:${eco}` }
  }
  const db = advisory.database_specific?.['severity']
  const parsed = typeof db === 'string' ? parseSeverity(db) : undefined
  if (!parsed) return undefined
  return { severity: parsed, source: advisory.id.startsWith('GHSA-') ? 'ecosystem:GitHub' : 'ecosystem' }
}

/** Debian urgency: low/medium/high (a trailing "*" marks a guess), "unimportant" is low. */
function fromUrgency(urgency: string): Severity | undefined {
  const u = urgency.replace(/\*+$/, '').trim().toLowerCase()
  if (u === 'unimportant') return 'low'
  if (u === 'low' || u === 'medium' || u === 'high') return u
  return undefined
}
