import type { Finding } from '../core/index.js'
import type { CvssEntry } from './common.js'
import { groupName, severityOfScore, sortFindings, vulnView, webLinks } from './common.js'

// ref: https://cyclonedx.org/docs/1.6/json/#vulnerabilities

/** A CycloneDX `source` object: who published an id. */
interface CdxSource {
  readonly name: string
  readonly url?: string
}

/** Where an advisory id is published, for the well-known id prefixes. */
export function advisorySource(id: string): CdxSource | undefined {
  if (/^CVE-\d{4}-\d+$/.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` }
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(id)) {
    return { name: 'GitHub', url: `https://github.com/advisories/${id}` }
  }
  if (/^DSA-\d+-\d+$/.test(id)) {
    return { name: 'Debian', url: `https://security-tracker.debian.org/tracker/${id}` }
  }
  return undefined
}

/** CycloneDX rating method of a CVSS version string ('3.1', 'CVSS_V3', '4.0'...). */
export function cvssMethod(version: string): 'CVSSv2' | 'CVSSv3' | 'CVSSv31' | 'CVSSv4' | 'other' {
  const v = version.toUpperCase().replace(/^CVSS[_:]?V?/, '')
  if (v.startsWith('4')) return 'CVSSv4'
  if (v.startsWith('3.1')) return 'CVSSv31'
  if (v.startsWith('3')) return 'CVSSv3'
  if (v.startsWith('2')) return 'CVSSv2'
  return 'other'
}

function rating(c: CvssEntry): Record<string, unknown> {
  return {
    score: c.score,
    severity: severityOfScore(c.score) === 'unknown' ? 'none' : severityOfScore(c.score),
    method: cvssMethod(c.vector.startsWith('CVSS:') ? c.vector.slice(5) : c.version),
    ...(c.vector ? { vector: c.vector } : {}),
  }
}

function isoTime(t: string | undefined): string | undefined {
  if (!t) return undefined
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.000Z$/, 'Z')
}

function cwes(list: readonly string[]): number[] {
  const out = new Set<number>()
  for (const c of list) {
    const m = /^(?:CWE-)?(\d+)$/i.exec(c.trim())
    if (m) out.add(Number(m[1]))
  }
  return [...out].sort((a, b) => a - b)
}

function recommendation(f: Finding, fixed: readonly string[]): string | undefined {
  if (f.remediation) return f.remediation
  if (fixed.length === 0) return undefined
  return `Upgrade ${groupName(f)} to ${fixed.join(' or ')}`
}

// The advisory URL is kept only when the data source is the publisher the id prefix names
// (a Debian tracker record about a CVE must not claim NVD as its source).
function vulnSource(dataSource: string | undefined, known: CdxSource | undefined, plugin: string): CdxSource {
  if (!dataSource) return known ?? { name: plugin }
  const sameOrigin = known && dataSource.toLowerCase().includes(known.name.toLowerCase())
  return sameOrigin && known.url ? { name: dataSource, url: known.url } : { name: dataSource }
}

function vulnerability(f: Finding, bomRef: string): Record<string, unknown> {
  const v = vulnView(f)
  const src = advisorySource(f.id)
  const aliases = v.aliases.filter((a) => a !== f.id)
  const advisories = webLinks(f.references).map((url) => ({ url }))
  const rec = recommendation(f, v.fixedVersions)
  const published = isoTime(v.published)
  const updated = isoTime(v.modified)
  const cweIds = cwes(v.cwes)
  return {
    'bom-ref': bomRef,
    id: f.id,
    source: vulnSource(v.dataSource, src, f.source.plugin),
    ...(aliases.length > 0
      ? { references: aliases.map((id) => ({ id, source: advisorySource(id) ?? { name: v.dataSource ?? f.source.plugin } })) }
      : {}),
    ratings: [
      { severity: f.severity, method: 'other', source: { name: f.source.plugin } },
      ...v.cvss.map(rating),
    ],
    ...(cweIds.length > 0 ? { cwes: cweIds } : {}),
    description: f.description ?? f.title,
    ...(rec ? { recommendation: rec } : {}),
    ...(advisories.length > 0 ? { advisories } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    affects: [] as Record<string, unknown>[],
    ...(f.suppressed
      ? { analysis: { state: 'not_affected', detail: `${f.suppressed.by}: ${f.suppressed.reason}` } }
      : {}),
  }
}

/**
 * The `vulnerabilities` section: one entry per advisory id (and suppression state), listing
 * every affected package. `refOf` maps a finding's purl to its component bom-ref; findings
 * whose package is not in the BOM point at `fallbackRef` (the image).
 */
export function cdxVulnerabilities(
  findings: readonly Finding[],
  refOf: (purl: string | undefined) => string | undefined,
  fallbackRef: string,
): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>()
  for (const f of sortFindings(findings)) {
    if (f.kind !== 'vulnerability') continue
    const key = f.suppressed ? `bulwark:vuln:${f.id}:suppressed` : `bulwark:vuln:${f.id}`
    let entry = byKey.get(key)
    if (!entry) {
      entry = vulnerability(f, key)
      byKey.set(key, entry)
    }
    const affects = entry.affects as Record<string, unknown>[]
    const ref = refOf(f.target.purl) ?? fallbackRef
    const version = f.target.installedVersion
    if (affects.some((a) => a.ref === ref)) continue
    affects.push({ ref, ...(version ? { versions: [{ version, status: 'affected' }] } : {}) })
  }
  return [...byKey.values()]
}
