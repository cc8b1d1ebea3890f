import { readFileSync } from 'node:fs'
import parseSpdxExpression from 'spdx-expression-parse'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { renderSpdx } from './spdx.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

interface SpdxPackage {
  SPDXID: string
  name: string
  versionInfo?: string
  licenseDeclared: string
  primaryPackagePurpose: string
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[]
}
interface SpdxDoc {
  SPDXID: string
  documentNamespace: string
  creationInfo: { created: string; creators: string[] }
  packages: SpdxPackage[]
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[]
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[]
}

// Element ids and creation time as SPDX 2.3 requires (the 2.3.1 schema checks these patterns).
const SPDX_ID = /^SPDXRef-[a-zA-Z0-9.-]+$/
const CREATED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

function licenseIdsOf(expression: string): string[] {
  const out: string[] = []
  const walk = (n: ReturnType<typeof parseSpdxExpression>): void => {
    if ('license' in n) out.push(n.license)
    else {
      walk(n.left)
      walk(n.right)
    }
  }
  walk(parseSpdxExpression(expression))
  return out
}

describe.each(['debian-app.json', 'hostile.json'])('renderSpdx(%s)', (name) => {
  const report = load(name)
  const doc = JSON.parse(renderSpdx(report)) as SpdxDoc
  const ids = doc.packages.map((p) => p.SPDXID)

  it('uses valid, unique element ids and a UTC creation time without fractions', () => {
    for (const id of ids) expect(id).toMatch(SPDX_ID)
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc.creationInfo.created).toMatch(CREATED)
    expect(doc.creationInfo.creators).toEqual(['Tool: bulwark-0.1.0'])
  })

  it('DESCRIBES the artifact, which CONTAINS the OS and every package', () => {
    const [root] = ids
    const describes = doc.relationships.filter((r) => r.relationshipType === 'DESCRIBES')
    const contains = doc.relationships.filter((r) => r.relationshipType === 'CONTAINS')

    expect(describes).toEqual([{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root }])
    expect(contains.map((r) => r.relatedSpdxElement)).toEqual(ids.slice(1))
    expect(contains.every((r) => r.spdxElementId === root)).toBe(true)
    expect(ids).toHaveLength(report.packages.length + (report.os ? 2 : 1))
  })

  it('declares licenses as valid SPDX expressions whose LicenseRefs are all defined', () => {
    const defined = new Set((doc.hasExtractedLicensingInfos ?? []).map((e) => e.licenseId))

    for (const p of doc.packages) {
      if (p.licenseDeclared === 'NOASSERTION') continue
      for (const id of licenseIdsOf(p.licenseDeclared)) {
        if (id.startsWith('LicenseRef-')) expect(defined.has(id)).toBe(true)
      }
    }
  })
})

describe('renderSpdx details', () => {
  const report = load('debian-app.json')
  const doc = JSON.parse(renderSpdx(report)) as SpdxDoc
  const pkg = (n: string) => doc.packages.find((p) => p.name === n)

  it('maps package licenses and purls', () => {
    expect(pkg('zlib1g')?.licenseDeclared).toBe('Zlib')
    expect(pkg('jszip')?.licenseDeclared).toBe('(MIT OR GPL-3.0-or-later)')
    expect(pkg('apt')?.licenseDeclared).toBe('LicenseRef-GPL-2-plus AND LicenseRef-GPL-2 AND BSD-3-Clause AND LicenseRef-Expat')
    expect(pkg('libc6')?.licenseDeclared).toBe('NOASSERTION')
    expect(pkg('lodash')?.externalRefs).toEqual([
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/lodash@4.17.15' },
    ])
    expect(doc.hasExtractedLicensingInfos).toContainEqual({ licenseId: 'LicenseRef-GPL-2-plus', extractedText: 'GPL-2+', name: 'GPL-2+' })
  })

  it('describes the image as a CONTAINER with its digest and the OS as OPERATING_SYSTEM', () => {
    expect(doc.packages[0]).toMatchObject({ name: report.artifact.name, versionInfo: report.artifact.manifestDigest, primaryPackagePurpose: 'CONTAINER' })
    expect(doc.packages[1]).toMatchObject({ name: 'debian', versionInfo: '12', primaryPackagePurpose: 'OPERATING_SYSTEM' })
  })

  it('derives the namespace from the report: stable for one report, new for another scan', () => {
    const again = JSON.parse(renderSpdx(report)) as SpdxDoc
    const later = JSON.parse(renderSpdx({ ...report, createdAt: '2027-01-01T00:00:00Z' })) as SpdxDoc

    expect(again.documentNamespace).toBe(doc.documentNamespace)
    expect(later.documentNamespace).not.toBe(doc.documentNamespace)
    expect(doc.documentNamespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/bulwark-registry\.example\.com-shop-api-1\.4\.2-[0-9a-f-]{36}$/)
  })

  it('rejects a report whose createdAt is not a date', () => {
    expect(() => renderSpdx({ ...report, createdAt: 'soon' })).toThrow(expect.objectContaining({ name: 'ReportError', code: 'REPORT_INVALID' }))
  })
})
