import type { Package, ScanReport } from '../core/index.js'
import { IMAGE_SOURCE_TYPES, packageKey } from '../core/index.js'
import { sortPackages } from './common.js'
import { documentUuid, shortHash, utcSeconds } from './ids.js'
import { classifyLicenses, licenseRefId, toSpdxExpression } from './licenses.js'

// ref: https://spdx.github.io/spdx-spec/v2.3/
// ref: https://github.com/spdx/spdx-spec/blob/v2.3/schemas/spdx-schema.json

const NOASSERTION = 'NOASSERTION'

interface ExtractedLicense {
  readonly licenseId: string
  readonly extractedText: string
  readonly name: string
}

/** Hands out LicenseRef ids for free-text licenses, unique per text within one document. */
function createLicenseRefs(): { idFor(text: string): string; extracted(): ExtractedLicense[] } {
  const byText = new Map<string, string>()
  const taken = new Set<string>()
  return {
    idFor(text) {
      const known = byText.get(text)
      if (known) return known
      let id = licenseRefId(text)
      if (taken.has(id)) id = `${id}-${shortHash(text, 8)}`
      byText.set(text, id)
      taken.add(id)
      return id
    },
    extracted: () =>
      [...byText].map(([text, id]) => ({ licenseId: id, extractedText: text, name: text })),
  }
}

type LicenseRefs = ReturnType<typeof createLicenseRefs>

/** An SPDX element id: only letters, digits, `.` and `-` after `SPDXRef-`. */
function spdxId(kind: string, name: string, unique: string): string {
  const body = name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').slice(0, 80)
  return `SPDXRef-${kind}-${body}-${shortHash(unique, 12)}`
}

function sanitizeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100)
}

function packageEntry(p: Package, id: string, refs: LicenseRefs): Record<string, unknown> {
  const declared = toSpdxExpression(classifyLicenses(p.licenses), (t) => refs.idFor(t))
  const where = p.locations.map((l) => l.path).join(', ')
  return {
    name: p.namespace ? `${p.namespace}/${p.name}` : p.name,
    SPDXID: id,
    versionInfo: p.version,
    supplier: NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    ...(where ? { sourceInfo: `acquired package info from ${p.foundBy}: ${where}` } : {}),
    licenseConcluded: NOASSERTION,
    licenseDeclared: declared ?? NOASSERTION,
    copyrightText: NOASSERTION,
    externalRefs: p.purl
      ? [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }]
      : [],
    primaryPackagePurpose: 'LIBRARY',
    ...(p.layer ? { comment: `layer ${p.layer.index} diffID ${p.layer.diffId}` } : {}),
  }
}

function rootEntry(report: ScanReport, id: string): Record<string, unknown> {
  const a = report.artifact
  const digest = a.manifestDigest ?? a.configDigest
  const isImage = (IMAGE_SOURCE_TYPES as readonly string[]).includes(a.type) && a.type !== 'rootfs'
  return {
    name: a.name,
    SPDXID: id,
    ...(digest ? { versionInfo: digest } : {}),
    supplier: NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    ...(a.manifestDigest?.startsWith('sha256:')
      ? { checksums: [{ algorithm: 'SHA256', checksumValue: a.manifestDigest.slice(7) }] }
      : {}),
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: isImage ? 'CONTAINER' : 'SOURCE',
  }
}

function osEntry(report: ScanReport, id: string): Record<string, unknown> | undefined {
  const os = report.os
  if (!os) return undefined
  return {
    name: os.family,
    SPDXID: id,
    ...(os.version ? { versionInfo: os.version } : {}),
    supplier: NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'OPERATING_SYSTEM',
  }
}

/**
 * Renders a report as an SPDX 2.3 JSON document: the image is the root package the document
 * DESCRIBES and that CONTAINS the OS and every package. Free-text licenses become LicenseRef-
 * ids declared in hasExtractedLicensingInfos; the namespace and ids derive from the report.
 */
export function renderSpdx(report: ScanReport): string {
  const refs = createLicenseRefs()
  const a = report.artifact
  const rootId = spdxId('Artifact', a.name, `${a.type}:${a.name}`)
  const root = rootEntry(report, rootId)
  const osId = report.os ? spdxId('OperatingSystem', report.os.family, `os:${report.os.family}@${report.os.version}`) : ''
  const os = osEntry(report, osId)
  const used = new Set<string>([rootId, osId])
  const packages = sortPackages(report.packages).map((p, i) => {
    let id = spdxId('Package', `${p.type}-${p.name}`, packageKey(p))
    if (used.has(id)) id = spdxId('Package', `${p.type}-${p.name}`, `${packageKey(p)}:${i}`)
    used.add(id)
    return packageEntry(p, id, refs)
  })
  const contained = [...(os ? [os] : []), ...packages]
  const extracted = refs.extracted()
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: a.name,
    documentNamespace: `https://spdx.org/spdxdocs/bulwark-${sanitizeName(a.name)}-${documentUuid(report, 'spdx')}`,
    creationInfo: {
      created: utcSeconds(report.createdAt),
      creators: [`Tool: ${report.tool.name}-${report.tool.version}`],
    },
    packages: [root, ...contained],
    ...(extracted.length > 0 ? { hasExtractedLicensingInfos: extracted } : {}),
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
      ...contained.map((p) => ({
        spdxElementId: rootId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: String(p.SPDXID),
      })),
    ],
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}
