import type { Advisory, AdvisoryStore, Package } from '../core/index.js'
import { RunSchemes, type Match, type Matcher, type PackageQuery } from './matchers/index.js'

/** A store with the optional candidate fast path of the AdvisoryStore port. */
export type CandidateReader = Required<Pick<AdvisoryStore, 'scanCandidates' | 'getByRefs'>>

function readsCandidates(store: AdvisoryStore): store is AdvisoryStore & CandidateReader {
  return typeof store.scanCandidates === 'function' && typeof store.getByRefs === 'function'
}

/** One evaluation: a matcher's query for a package; `key` is `ecosystem \0 normalized name`. */
export interface Evaluation {
  readonly pkg: Package
  readonly matcher: Matcher
  readonly query: PackageQuery
  readonly key: string
  /** How many packages will ask for its matches (cached until the last one has). */
  readonly uses: number
}

/** The matches of evaluation `i`, computed on first request. */
export type MatchesOf = (i: number) => Promise<Match[]>

/**
 * Prepares the matches of each evaluation. Each (ecosystem, name) is looked up once. With a
 * candidate reader, all keys are scanned in one pass keeping only the handles of records the
 * matcher's evaluator does not rule out (exactly: see `QueryEvaluator.mayAffect`); an
 * evaluation then reads and parses just those records, and its matches are dropped after their
 * last use, so memory stays small. The matcher sees the records `findByPackage` would give, in
 * the same order, minus ones it would not return.
 */
export async function prepareMatches(
  evaluations: readonly Evaluation[],
  store: AdvisoryStore,
): Promise<MatchesOf> {
  const schemes = new RunSchemes()
  const evaluators = evaluations.map((e) => e.matcher.evaluator?.(e.pkg, e.query, schemes))
  const match = (i: number, advisories: readonly Advisory[]): Match[] => {
    const e = evaluations[i] as Evaluation
    return evaluators[i]?.match(advisories) ?? e.matcher.match(e.pkg, advisories, e.query)
  }
  if (!readsCandidates(store)) return matchEach(evaluations, store, match)
  const byKey = new Map<string, number[]>()
  for (const [i, e] of evaluations.entries()) {
    const list = byKey.get(e.key)
    if (list) list.push(i)
    else byKey.set(e.key, [i])
  }
  const groups = [...byKey.values()]
  const keys = groups.map((g) => {
    const q = (evaluations[g[0] ?? 0] as Evaluation).query
    return [q.ecosystem, q.name] as const
  })
  const refs = evaluations.map((): number[] => [])
  await store.scanCandidates(keys, (k, ref, entries) => {
    for (const i of groups[k] ?? []) {
      if (evaluators[i]?.mayAffect(entries) !== false) refs[i]?.push(ref)
    }
  })
  return cached(evaluations, async (i) => {
    const list = ascending(refs[i] ?? [])
    return list.length === 0 ? [] : match(i, await store.getByRefs(list))
  })
}

/** `refs` in ascending (record) order; they usually come so, and then are not sorted. */
function ascending(refs: number[]): number[] {
  for (let i = 1; i < refs.length; i++) {
    if ((refs[i] as number) < (refs[i - 1] as number)) return refs.sort((a, b) => a - b)
  }
  return refs
}

/** The port-only path: one `findByPackage` per (ecosystem, name), records kept per key. */
function matchEach(
  evaluations: readonly Evaluation[],
  store: AdvisoryStore,
  match: (i: number, advisories: readonly Advisory[]) => Match[],
): MatchesOf {
  const advisories = new Map<string, readonly Advisory[]>()
  return cached(evaluations, async (i) => {
    const e = evaluations[i] as Evaluation
    let list = advisories.get(e.key)
    if (!list) {
      list = await store.findByPackage(e.query.ecosystem, e.query.name)
      advisories.set(e.key, list)
    }
    return list.length === 0 ? [] : match(i, list)
  })
}

/** Computes an evaluation's matches once and keeps them until its last package asked. */
function cached(evaluations: readonly Evaluation[], compute: (i: number) => Promise<Match[]>): MatchesOf {
  const kept = new Map<number, Match[]>()
  const left = evaluations.map((e) => e.uses)
  return async (i) => {
    if (i < 0 || i >= evaluations.length) return []
    const matches = kept.get(i) ?? (await compute(i))
    const remaining = (left[i] ?? 1) - 1
    left[i] = remaining
    if (remaining > 0) kept.set(i, matches)
    else kept.delete(i)
    return matches
  }
}
