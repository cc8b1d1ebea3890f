import {
  baseEcosystem,
  normalizePackageName,
  type Advisory,
  type AdvisoryAffected,
  type OsInfo,
  type Package,
  type PackageType,
} from '../../../core/index.js'
import { schemeForEcosystem, type VersionScheme } from '../../../versions/index.js'
import { evaluateAffected } from './osv-range.js'

/** What to look up for a package: full OSV ecosystem, name as the advisories spell it, version. */
export interface PackageQuery {
  readonly ecosystem: string
  readonly name: string
  readonly version: string
}

/** One advisory that affects a package, with the fixed versions that apply to it. */
export interface Match {
  readonly advisory: Advisory
  readonly entries: readonly AdvisoryAffected[]
  readonly fixed: readonly string[]
}

/** A matcher (grype Matcher): which packages it handles, how to query, and the pure match. */
export interface Matcher {
  /** Stable kebab-case id: appears as the finding source. */
  readonly id: string
  /** Bumped when results change. */
  readonly version: number
  readonly packageTypes: readonly PackageType[]
  /** Base OSV ecosystems this matcher reads ("Debian", "npm"). */
  readonly ecosystems: readonly string[]
  /** The lookup for a package; undefined when it cannot be matched (e.g. unknown OS release). */
  query(pkg: Package, os: OsInfo | undefined): PackageQuery | undefined
  /** Pure: the advisories (fetched for `query`) that affect it; depends only on query and advisories. */
  match(pkg: Package, advisories: readonly Advisory[], query: PackageQuery): Match[]
  /**
   * Optional: one query's evaluation against many records, with the run's version schemes. Its
   * `match` returns what `match` above does; its `mayAffect` lets the engine skip reading
   * records that cannot match.
   */
  evaluator?(pkg: Package, query: PackageQuery, schemes: RunSchemes): QueryEvaluator
}

/** The evaluation of one package query (see `Matcher.evaluator`). */
export interface QueryEvaluator {
  /**
   * Exact pre-test on a record's entries for the queried package, cut to `versions` and
   * ECOSYSTEM/SEMVER `ranges` (none for a withdrawn record): false means `match` would not
   * return that record.
   */
  mayAffect(entries: readonly AdvisoryAffected[]): boolean
  match(advisories: readonly Advisory[]): Match[]
}

/** The declarative part of a matcher; `match` is the shared OSV evaluation. */
export type MatcherSpec = Omit<Matcher, 'match' | 'evaluator'>

const schemes = new Map<string, VersionScheme | undefined>()

/** The version scheme of an OSV ecosystem, looked up once per base ecosystem. */
export function schemeFor(ecosystem: string): VersionScheme | undefined {
  const base = baseEcosystem(ecosystem)
  if (!schemes.has(base)) schemes.set(base, schemeForEcosystem(base))
  return schemes.get(base)
}

/**
 * The version schemes of one matching run: each memoized (see `VersionScheme.memoized`), so a
 * version is parsed once however many packages and ranges name it; dropped with the run.
 */
export class RunSchemes {
  readonly #memo = new Map<VersionScheme, VersionScheme>()

  /** The (memoized) scheme of an OSV ecosystem, `SEMVER` for SEMVER ranges. */
  for(ecosystem: string): VersionScheme | undefined {
    const scheme = schemeFor(ecosystem)
    if (!scheme) return undefined
    let memo = this.#memo.get(scheme)
    if (!memo) this.#memo.set(scheme, (memo = scheme.memoized?.() ?? scheme))
    return memo
  }
}

/** Declares a matcher whose matching is the OSV range evaluation with the ecosystem's scheme. */
export function defineMatcher(spec: MatcherSpec): Matcher {
  return {
    ...spec,
    match: (_pkg, advisories, query) => matchOsv(advisories, query),
    evaluator: (_pkg, query, schemes) => osvEvaluator(query, schemes),
  }
}

/** Evaluates advisories for one query: withdrawn records and other packages' entries are ignored. */
export function matchOsv(advisories: readonly Advisory[], query: PackageQuery): Match[] {
  return osvEvaluator(query).match(advisories)
}

const NO_SCHEME: QueryEvaluator = { mayAffect: () => false, match: () => [] }

/**
 * The OSV evaluation of one query. Both methods decide a record the same way: some entry for the
 * package contains the version (`evaluateAffected`); a withdrawn record never matches.
 */
export function osvEvaluator(query: PackageQuery, schemes = new RunSchemes()): QueryEvaluator {
  const scheme = schemes.for(query.ecosystem)
  if (!scheme) return NO_SCHEME
  return new OsvEvaluator(query, scheme, schemes.for('SEMVER') ?? scheme)
}

/** A class: one evaluator per package, and no closures per evaluator. */
class OsvEvaluator implements QueryEvaluator {
  readonly #query: PackageQuery
  readonly #name: string
  readonly #scheme: VersionScheme
  readonly #semver: VersionScheme

  constructor(query: PackageQuery, scheme: VersionScheme, semver: VersionScheme) {
    this.#query = query
    this.#name = normalizePackageName(query.ecosystem, query.name)
    this.#scheme = scheme
    this.#semver = semver
  }

  mayAffect(entries: readonly AdvisoryAffected[]): boolean {
    for (const e of entries) {
      if (evaluateAffected(e, this.#query.version, this.#scheme, this.#semver).affected) return true
    }
    return false
  }

  match(advisories: readonly Advisory[]): Match[] {
    const { ecosystem, version } = this.#query
    const out: Match[] = []
    for (const advisory of advisories) {
      if (advisory.withdrawn) continue
      const entries: AdvisoryAffected[] = []
      const fixed: string[] = []
      for (const entry of advisory.affected ?? []) {
        const p = entry.package
        if (!p || p.ecosystem !== ecosystem) continue
        if (normalizePackageName(p.ecosystem, p.name) !== this.#name) continue
        const verdict = evaluateAffected(entry, version, this.#scheme, this.#semver)
        if (!verdict.affected) continue
        entries.push(entry)
        for (const f of verdict.fixed) if (!fixed.includes(f)) fixed.push(f)
      }
      if (entries.length > 0) out.push({ advisory, entries, fixed })
    }
    return out
  }
}
