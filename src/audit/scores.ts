import type { Finding, Severity } from '../core/index.js'

/** Points a finding of each severity takes off its object's score of 100. */
export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = { critical: 40, high: 20, medium: 8, low: 3, unknown: 0 }

/** A score from 0 to 100 and a letter grade. */
export interface Score {
  readonly score: number
  readonly grade: 'A' | 'B' | 'C' | 'D' | 'F'
}

/** Scores per audited object (workload), per namespace, and for the whole input (cluster). */
export interface AuditScores {
  readonly objects: Readonly<Record<string, Score>>
  readonly namespaces: Readonly<Record<string, Score>>
  readonly cluster: Score
}

function grade(score: number): Score['grade'] {
  return score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'F'
}

// every score is a whole number from 0 to 100: one shared (frozen) value each
const SCORES: readonly Score[] = Array.from({ length: 101 }, (_, s) => Object.freeze({ score: s, grade: grade(s) }))

function toScore(score: number): Score {
  const s = Math.round(score)
  return SCORES[s] ?? { score: s, grade: grade(s) }
}

function namespaceOfName(name: string): string | undefined {
  // `Kind/namespace/name`, `Kind/name`, or `Namespace/name` (the namespace itself)
  const a = name.indexOf('/')
  if (a < 0) return undefined
  const b = name.indexOf('/', a + 1)
  if (name.startsWith('Namespace/')) return b < 0 ? name.slice(a + 1) : name.slice(a + 1, b)
  return b >= 0 && name.indexOf('/', b + 1) < 0 ? name.slice(a + 1, b) : undefined
}

/**
 * Scores: each object starts at 100 and loses SEVERITY_PENALTY per unsuppressed finding (floor 0);
 * a namespace scores the mean of its objects (its Namespace object included), the cluster the
 * mean of all objects. An input with no objects scores 100.
 */
export function computeScores(objectNames: readonly string[], findings: readonly Finding[]): AuditScores {
  const penalty = new Map<string, number>(objectNames.map((n) => [n, 0]))
  for (const f of findings) {
    if (f.suppressed) continue
    penalty.set(f.target.name, (penalty.get(f.target.name) ?? 0) + SEVERITY_PENALTY[f.severity])
  }
  return scoresOf(penalty)
}

/** Scores from the points taken off each object (by name, in the order objects were scored). */
export function scoresOf(penalty: ReadonlyMap<string, number>): AuditScores {
  const objects: Record<string, Score> = {}
  const perNs = new Map<string, number[]>()
  const all: number[] = []
  penalty.forEach((p, name) => {
    const s = Math.max(0, 100 - p)
    objects[name] = toScore(s)
    all.push(s)
    const ns = namespaceOfName(name)
    if (ns === undefined) return
    const list = perNs.get(ns)
    if (list) list.push(s)
    else perNs.set(ns, [s])
  })
  const mean = (xs: readonly number[]): number => (xs.length === 0 ? 100 : xs.reduce((a, b) => a + b, 0) / xs.length)
  const namespaces: Record<string, Score> = {}
  for (const [ns, xs] of perNs) namespaces[ns] = toScore(mean(xs))
  return { objects, namespaces, cluster: toScore(mean(all)) }
}
