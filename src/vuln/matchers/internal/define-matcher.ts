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
}

/** The declarative part of a matcher; `match` is the shared OSV evaluation. */
export type MatcherSpec = Omit<Matcher, 'match'>

const schemes = new Map<string, VersionScheme | undefined>()

/** The version scheme of an OSV ecosystem, looked up once per base ecosystem. */
export function schemeFor(ecosystem: string): VersionScheme | undefined {
  const base = baseEcosystem(ecosystem)
  if (!schemes.has(base)) schemes.set(base, schemeForEcosystem(base))
  return schemes.get(base)
}

/** Declares a matcher whose matching is the OSV range evaluation with the ecosystem's scheme. */
export function defineMatcher(spec: MatcherSpec): Matcher {
  return { ...spec, match: (_pkg, advisories, query) => matchOsv(advisories, query) }
}

/** Evaluates advisories for one query: withdrawn records and other packages' entries are ignored. */
export function matchOsv(advisories: readonly Advisory[], query: PackageQuery): Match[] {
  const scheme = schemeFor(query.ecosystem)
  if (!scheme) return []
  const semver = schemeFor('SEMVER') ?? scheme
  const name = normalizePackageName(query.ecosystem, query.name)
  const out: Match[] = []
  for (const advisory of advisories) {
    if (advisory.withdrawn) continue
    const entries: AdvisoryAffected[] = []
    const fixed: string[] = []
    for (const entry of advisory.affected ?? []) {
      const p = entry.package
      if (!p || p.ecosystem !== query.ecosystem) continue
      if (normalizePackageName(p.ecosystem, p.name) !== name) continue
      const verdict = evaluateAffected(entry, query.version, scheme, semver)
      if (!verdict.affected) continue
      entries.push(entry)
      for (const f of verdict.fixed) if (!fixed.includes(f)) fixed.push(f)
    }
    if (entries.length > 0) out.push({ advisory, entries, fixed })
  }
  return out
}
