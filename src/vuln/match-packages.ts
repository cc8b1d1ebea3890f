import {
  attackRef,
  isOsPackageType,
  normalizePackageName,
  type Advisory,
  type AdvisoryStore,
  type Finding,
  type OsInfo,
  type Package,
  type PackageType,
  type VulnerabilityDetails,
} from '../core/index.js'
import { groupMatches, type MatchGroup } from './aliases.js'
import { prepareMatches } from './lookup.js'
import { matchers as defaultMatchers, type Matcher, type PackageQuery } from './matchers/index.js'
import { severityOf } from './severity.js'

/** Options of `matchPackages`. */
export interface MatchOptions {
  /**
   * Paths (relative, no leading slash) owned by OS packages. A language package declared by
   * such a file is the OS package's content and is matched through the OS package only.
   * Paths listed in `Package.files` of OS packages are added automatically.
   */
  readonly ownedPaths?: ReadonlySet<string>
  readonly imageDigest?: string
  /** The matcher list (default: the one explicit list). */
  readonly matchers?: readonly Matcher[]
}

/** The paths OS packages own, from their `files` lists and the caller's set. */
function ownedPathsOf(packages: readonly Package[], extra?: ReadonlySet<string>): Set<string> {
  const owned = new Set<string>()
  for (const p of extra ?? []) owned.add(p.replace(/^\/+/, ''))
  for (const p of packages) {
    if (!isOsPackageType(p.type)) continue
    for (const f of p.files ?? []) owned.add(f.replace(/^\/+/, ''))
  }
  return owned
}

function isOwned(pkg: Package, owned: ReadonlySet<string>): boolean {
  if (isOsPackageType(pkg.type) || owned.size === 0) return false
  return pkg.locations.some((l) => owned.has(l.path.replace(/^\/+/, '')))
}

/**
 * Matches packages against the advisory store and returns one 'vulnerability' finding per
 * vulnerability and package. Each distinct (ecosystem, name) is looked up once (all at once when
 * the store reads candidates, see lookup.ts); OS packages are matched only against their
 * release's advisories; withdrawn records are ignored.
 */
export async function matchPackages(
  packages: readonly Package[],
  os: OsInfo | undefined,
  store: AdvisoryStore,
  options: MatchOptions = {},
): Promise<Finding[]> {
  const byType = new Map<PackageType, Matcher>()
  for (const m of options.matchers ?? defaultMatchers) {
    for (const t of m.packageTypes) if (!byType.has(t)) byType.set(t, m)
  }
  const owned = ownedPathsOf(packages, options.ownedPaths)
  // Binary packages of one source (libc6, libc-bin, locales) share one evaluation.
  const slots = new Map<string, number>()
  const evaluations: { pkg: Package; matcher: Matcher; query: PackageQuery; key: string; uses: number }[] = []
  const todo: { pkg: Package; query: PackageQuery; matcher: Matcher; slot: number }[] = []
  for (const pkg of packages) {
    const matcher = byType.get(pkg.type)
    if (!matcher || isOwned(pkg, owned)) continue
    const query = matcher.query(pkg, os)
    if (!query || query.version === '') continue
    const key = `${query.ecosystem}\0${normalizePackageName(query.ecosystem, query.name)}`
    const resultKey = `${matcher.id}\0${key}\0${query.version}`
    let slot = slots.get(resultKey)
    if (slot === undefined) {
      slots.set(resultKey, (slot = evaluations.length))
      evaluations.push({ pkg, matcher, query, key, uses: 0 })
    }
    const e = evaluations[slot]
    if (e) e.uses++
    todo.push({ pkg, query, matcher, slot })
  }
  const matchesOf = await prepareMatches(evaluations, store)
  const findings: Finding[] = []
  for (const { pkg, query, matcher, slot } of todo) {
    for (const group of groupMatches(await matchesOf(slot))) {
      findings.push(toFinding(pkg, query, group, matcher, options.imageDigest))
    }
  }
  return findings
}

/** The group's records, those about exactly this vulnerability first (CVE-X, then DEBIAN-CVE-X), umbrellas last. */
function byRelevance(group: MatchGroup): readonly Advisory[] {
  const advisories = group.matches.map((m) => m.advisory)
  if (advisories.length < 2) return advisories
  const rank = (id: string): number => (id === group.id ? 0 : id.endsWith(group.id) ? 1 : 2)
  return advisories.sort((a, b) => rank(a.id) - rank(b.id))
}

/** The first non-empty value `pick` finds in the records, in order. */
function firstText(
  advisories: readonly Advisory[],
  pick: (a: Advisory) => string | undefined,
): string | undefined {
  for (const a of advisories) {
    const v = pick(a)
    if (v) return v
  }
  return undefined
}

function titleOf(advisories: readonly Advisory[], group: MatchGroup, pkg: Package): string {
  const summary = firstText(advisories, (a) => a.summary?.trim())
  if (summary) return summary
  const details = firstText(advisories, (a) => a.details?.trim().split('\n')[0])
  if (details) return details.length > 160 ? `${details.slice(0, 157)}...` : details
  return `${group.id} in ${pkg.name} ${pkg.version}`
}

/** The first `max` distinct values, in order of first appearance. */
function distinct<T>(lists: readonly (readonly T[])[], max = Infinity): T[] {
  const out: T[] = []
  const seen = lists.reduce((n, l) => n + l.length, 0) > 32 ? new Set<T>() : undefined
  for (const list of lists) {
    for (const v of list) {
      if (out.length >= max) return out
      if (seen ? seen.has(v) : out.includes(v)) continue
      seen?.add(v)
      out.push(v)
    }
  }
  return out
}

function toFinding(
  pkg: Package,
  query: PackageQuery,
  group: MatchGroup,
  matcher: Matcher,
  imageDigest: string | undefined,
): Finding {
  const fixed = distinct(group.matches.map((m) => m.fixed))
  const sev = severityOf(group.matches)
  const references = distinct(
    group.matches.map((m) => (m.advisory.references ?? []).map((r) => r.url)),
    25,
  )
  const ordered = byRelevance(group)
  const published = firstText(ordered, (a) => a.published)
  const modified = firstText(ordered, (a) => a.modified)
  const details: VulnerabilityDetails = {
    aliases: group.aliases,
    fixedVersions: fixed,
    status: fixed.length > 0 ? 'fixed' : 'unfixed',
    severitySource: sev.source,
    ...(sev.cvss.length > 0 ? { cvss: sev.cvss } : {}),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
    dataSource: `osv:${query.ecosystem}`,
  }
  const description = firstText(ordered, (a) => a.details)
  // OSV MAL- records (ossf/malicious-packages) name malicious packages, not flaws: the package
  // itself is the threat, so it is a malware finding and critical unless the record rates it.
  const malicious = group.matches.some((m) => m.advisory.id.startsWith('MAL-'))
  const severity = malicious && sev.severity === 'unknown' ? 'critical' : sev.severity
  const loc = pkg.locations[0]
  const layer = pkg.layer ?? loc?.layer
  return {
    id: group.id,
    kind: malicious ? 'malware' : 'vulnerability',
    severity,
    title: titleOf(ordered, group, pkg),
    ...(description ? { description: description.slice(0, 4000) } : {}),
    target: {
      type: 'package',
      name: pkg.name,
      purl: pkg.purl,
      packageName: pkg.name,
      installedVersion: pkg.version,
      ...(imageDigest ? { imageDigest } : {}),
    },
    ...(loc
      ? {
          location: {
            path: loc.path,
            ...(loc.line ? { startLine: loc.line } : {}),
            ...(layer?.digest ? { layerDigest: layer.digest } : {}),
            ...(layer ? { layerDiffId: layer.diffId, layerIndex: layer.index } : {}),
          },
        }
      : {}),
    ...(fixed.length > 0 ? { remediation: `Upgrade ${query.name} to ${fixed.join(' or ')}` } : {}),
    references,
    ...(malicious ? { attack: attackRef('malicious-image') } : {}),
    source: { plugin: `matcher/${matcher.id}`, version: String(matcher.version) },
    details: { ...details },
  }
}
