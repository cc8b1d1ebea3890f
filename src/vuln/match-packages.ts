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
import {
  matchers as defaultMatchers,
  type Match,
  type Matcher,
  type PackageQuery,
} from './matchers/index.js'
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
 * vulnerability and package. Each distinct (ecosystem, name) is looked up once; OS packages are
 * matched only against their release's advisories; withdrawn records are ignored.
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
  const cache = new Map<string, readonly Advisory[]>()
  // Binary packages of one source (libc6, libc-bin, locales) share one evaluation.
  const results = new Map<string, Match[]>()
  const findings: Finding[] = []
  for (const pkg of packages) {
    const matcher = byType.get(pkg.type)
    if (!matcher || isOwned(pkg, owned)) continue
    const query = matcher.query(pkg, os)
    if (!query || query.version === '') continue
    const key = `${query.ecosystem}\0${normalizePackageName(query.ecosystem, query.name)}`
    let advisories = cache.get(key)
    if (!advisories) {
      advisories = await store.findByPackage(query.ecosystem, query.name)
      cache.set(key, advisories)
    }
    if (advisories.length === 0) continue
    const resultKey = `${matcher.id}\0${key}\0${query.version}`
    let matches = results.get(resultKey)
    if (!matches) {
      matches = matcher.match(pkg, advisories, query)
      results.set(resultKey, matches)
    }
    for (const group of groupMatches(matches)) {
      findings.push(toFinding(pkg, query, group, matcher, options.imageDigest))
    }
  }
  return findings
}

/** Records about exactly this vulnerability first (CVE-X, then DEBIAN-CVE-X), umbrellas last. */
function firstText(group: MatchGroup, pick: (a: Advisory) => string | undefined): string | undefined {
  const rank = (id: string): number => (id === group.id ? 0 : id.endsWith(group.id) ? 1 : 2)
  const ordered = [...group.matches].sort((a, b) => rank(a.advisory.id) - rank(b.advisory.id))
  for (const m of ordered) {
    const v = pick(m.advisory)
    if (v) return v
  }
  return undefined
}

function titleOf(group: MatchGroup, pkg: Package): string {
  const summary = firstText(group, (a) => a.summary?.trim())
  if (summary) return summary
  const details = firstText(group, (a) => a.details?.trim().split('\n')[0])
  if (details) return details.length > 160 ? `${details.slice(0, 157)}...` : details
  return `${group.id} in ${pkg.name} ${pkg.version}`
}

function toFinding(
  pkg: Package,
  query: PackageQuery,
  group: MatchGroup,
  matcher: Matcher,
  imageDigest: string | undefined,
): Finding {
  const fixed = [...new Set(group.matches.flatMap((m) => m.fixed))]
  const sev = severityOf(group.matches.map((m) => ({ advisory: m.advisory, entries: m.entries })))
  const references = [
    ...new Set(group.matches.flatMap((m) => (m.advisory.references ?? []).map((r) => r.url))),
  ].slice(0, 25)
  const published = firstText(group, (a) => a.published)
  const modified = firstText(group, (a) => a.modified)
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
  const description = firstText(group, (a) => a.details)
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
    title: titleOf(group, pkg),
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
