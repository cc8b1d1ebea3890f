import { z } from 'zod'
import {
  PACKAGE_TYPES,
  parsePurl,
  UserError,
  type OsInfo,
  type Package,
  type PackageType,
  type PurlParts,
  type ScanReport,
  type Unknown,
} from '../core/index.js'

// ref: https://cyclonedx.org/docs/1.5/json/ (components, metadata.component, nested components)
// ref: https://spdx.github.io/spdx-spec/v2.3/external-repository-identifiers/ (purl externalRefs)
// ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst (deb/apk/rpm distro, upstream)

/** Packages read from an SBOM, the OS its OS packages name, and what could not be used. */
export interface SbomInventory {
  readonly format: 'cyclonedx' | 'spdx'
  readonly packages: readonly Package[]
  readonly os?: OsInfo
  readonly unknowns: readonly Unknown[]
}

interface CdxComponent {
  type?: string
  name?: string
  version?: string
  purl?: string
  components?: CdxComponent[]
}
const CdxComponentZ: z.ZodType<CdxComponent> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    name: z.string().optional(),
    version: z.string().optional(),
    purl: z.string().optional(),
    components: z.array(CdxComponentZ).optional(),
  }),
)
const CdxBom = z.object({
  bomFormat: z.literal('CycloneDX'),
  metadata: z.object({ component: CdxComponentZ.optional() }).optional(),
  components: z.array(CdxComponentZ).optional(),
})
const SpdxDoc = z.object({
  spdxVersion: z.string().startsWith('SPDX-'),
  packages: z
    .array(
      z.object({
        name: z.string().optional(),
        SPDXID: z.string().optional(),
        externalRefs: z
          .array(z.object({ referenceType: z.string(), referenceLocator: z.string(), referenceCategory: z.string().optional() }))
          .optional(),
      }),
    )
    .optional(),
})

const CODENAMES: Readonly<Record<string, [string, string]>> = {
  stretch: ['debian', '9'], buster: ['debian', '10'], bullseye: ['debian', '11'], bookworm: ['debian', '12'],
  trixie: ['debian', '13'], bionic: ['ubuntu', '18.04'], focal: ['ubuntu', '20.04'], jammy: ['ubuntu', '22.04'],
  noble: ['ubuntu', '24.04'],
}

/** The OS a distro qualifier names: "debian-12", "alpine-3.19.1", "3.18.4" (Trivy apk), "bookworm". */
export function osFromPurl(p: PurlParts): OsInfo | undefined {
  const distro = p.qualifiers?.['distro']
  if (!distro || !['deb', 'apk', 'rpm'].includes(p.type)) return undefined
  const named = CODENAMES[distro.toLowerCase()]
  if (named) return { family: named[0], version: named[1], codename: distro.toLowerCase() }
  const m = /^([a-z][a-z-]*?)-(\d[\w.]*)$/i.exec(distro)
  if (m?.[1] && m[2]) return { family: m[1].toLowerCase(), version: m[2] }
  if (/^\d[\w.]*$/.test(distro) && p.namespace) return { family: p.namespace.toLowerCase(), version: distro }
  return undefined
}

/** The source package of an OS package purl: `upstream=name` or `upstream=name@version`. */
function sourceOf(p: PurlParts, version: string): Package['source'] | undefined {
  const up = p.qualifiers?.['upstream']
  if (!up || (p.type !== 'deb' && p.type !== 'apk')) return undefined
  const at = up.indexOf('@')
  if (at > 0) return { name: up.slice(0, at), version: up.slice(at + 1) }
  // Without a version the source is the binary's version minus a binNMU suffix (+b1), which
  // Debian adds to rebuilt binaries and never to source versions.
  return { name: up, version: p.type === 'deb' ? version.replace(/\+b\d+$/, '') : version }
}

/** A package from a purl; undefined for purl types Bulwark does not match (github, oci, generic). */
export function packageFromPurl(purl: string, where: string): Package | undefined {
  const p = parsePurl(purl)
  if (!p?.version || !(PACKAGE_TYPES as readonly string[]).includes(p.type)) return undefined
  const type = p.type as PackageType
  const osType = type === 'deb' || type === 'apk' || type === 'rpm'
  const source = sourceOf(p, p.version)
  const arch = p.qualifiers?.['arch']
  return {
    name: p.name,
    version: p.version,
    type,
    purl,
    ...(p.namespace && !osType ? { namespace: p.namespace } : {}),
    ...(arch ? { arch } : {}),
    licenses: [],
    ...(source ? { source } : {}),
    locations: [],
    foundBy: `sbom:${where}`,
  }
}

function flatten(list: readonly CdxComponent[] | undefined, out: CdxComponent[] = []): CdxComponent[] {
  for (const c of list ?? []) {
    out.push(c)
    flatten(c.components, out)
  }
  return out
}

function collect(purls: { purl?: string | undefined; name: string }[], format: SbomInventory['format']): SbomInventory {
  const packages: Package[] = []
  const unknowns: Unknown[] = []
  let os: OsInfo | undefined
  const seen = new Set<string>()
  for (const { purl, name } of purls) {
    if (!purl) continue
    const pkg = packageFromPurl(purl, format)
    if (!pkg) {
      if (!parsePurl(purl)) unknowns.push({ path: name, reason: `not a package URL: ${purl.slice(0, 200)}` })
      continue
    }
    os ??= osFromPurl(parsePurl(purl) as PurlParts)
    if (!seen.has(purl)) packages.push(pkg)
    seen.add(purl)
  }
  return { format, packages, unknowns, ...(os ? { os } : {}) }
}

/**
 * Reads a CycloneDX (JSON) or SPDX 2.3 (JSON) SBOM, ours or another tool's, into packages via
 * their purls. The OS comes from a CycloneDX operating-system component or from the first OS
 * package's distro qualifier. Components without a usable purl are skipped (bad purls listed).
 */
export function parseSbom(text: string, name: string): SbomInventory {
  return inventoryOf(parseJson(text, name), name)
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new UserError('INPUT_INVALID', `${name}: not JSON (CycloneDX or SPDX JSON expected)`, { cause: err })
  }
}

function inventoryOf(doc: unknown, name: string): SbomInventory {
  const cdx = CdxBom.safeParse(doc)
  if (cdx.success) {
    const all = flatten(cdx.data.components)
    const inv = collect(all.map((c) => ({ purl: c.purl, name: c.name ?? '' })), 'cyclonedx')
    const osc = [cdx.data.metadata?.component, ...all].find((c) => c?.type === 'operating-system')
    const os = osc?.name && osc.version ? { family: osc.name.toLowerCase(), version: osc.version } : inv.os
    return { ...inv, ...(os ? { os } : {}) }
  }
  const spdx = SpdxDoc.safeParse(doc)
  if (spdx.success) {
    const refs = (spdx.data.packages ?? []).flatMap((p) =>
      (p.externalRefs ?? [])
        .filter((r) => r.referenceType === 'purl')
        .map((r) => ({ purl: r.referenceLocator, name: p.name ?? p.SPDXID ?? '' })),
    )
    return collect(refs, 'spdx')
  }
  throw new UserError('INPUT_INVALID', `${name}: neither a CycloneDX nor an SPDX JSON document`)
}

// Bulwark's own JSON report (`--format json`): what a re-match needs of it is checked, the rest
// (locations, layers, findings' detail) is kept as written.
const BulwarkReportZ = z.looseObject({
  schemaVersion: z.literal(1),
  tool: z.looseObject({ name: z.literal('bulwark'), version: z.string() }),
  artifact: z.looseObject({ name: z.string(), type: z.string() }),
  os: z.looseObject({ family: z.string(), version: z.string() }).optional(),
  packages: z.array(z.looseObject({ name: z.string(), version: z.string(), type: z.enum(PACKAGE_TYPES), purl: z.string() })),
  findings: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
  unknowns: z.array(z.looseObject({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
})

/** What the vulnerability stage wrote: its findings and its stale-database warning. */
const VULN_STAGE_WARNING = /^the advisory database /

/**
 * A Bulwark JSON report to match again (a newer database, other filters): its inventory,
 * artifact and other findings as they were, without the findings and warnings of its
 * vulnerability stage. Undefined when the document is not a Bulwark report.
 */
function bulwarkReport(doc: unknown, name: string, now: Date): ScanReport | undefined {
  const tool = (doc as { tool?: { name?: unknown } } | null)?.tool
  if (typeof doc !== 'object' || doc === null || tool?.name !== 'bulwark' || !('packages' in doc)) return undefined
  const r = BulwarkReportZ.safeParse(doc)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new UserError('INPUT_INVALID', `${name}: not a valid Bulwark report at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? ''}`)
  }
  const report = r.data as unknown as ScanReport
  return {
    ...report,
    createdAt: now.toISOString(),
    findings: report.findings.filter((f) => f.kind !== 'vulnerability'),
    warnings: report.warnings.filter((w) => !VULN_STAGE_WARNING.test(w)),
  }
}

/**
 * The inventory report of an SBOM (no findings yet: the vulnerability stage adds them). A
 * Bulwark JSON report is taken as it is, less its vulnerability findings, so matching it again
 * against a newer database needs no second read of the image.
 */
export function sbomReport(text: string, name: string, toolVersion: string, now = new Date()): ScanReport {
  const doc = parseJson(text, name)
  const own = bulwarkReport(doc, name, now)
  if (own) return own
  const inv = inventoryOf(doc, name)
  return {
    schemaVersion: 1,
    createdAt: now.toISOString(),
    tool: { name: 'bulwark', version: toolVersion },
    artifact: { name, type: 'sbom' },
    ...(inv.os ? { os: inv.os } : {}),
    packages: inv.packages,
    findings: [],
    unknowns: inv.unknowns,
    warnings: [],
  }
}
