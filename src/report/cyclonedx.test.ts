import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { renderCycloneDx } from './cyclonedx.js'
import { advisorySource, cvssMethod } from './cyclonedx-vulns.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

interface Component {
  'bom-ref': string
  type: string
  name: string
  version?: string
  purl?: string
  licenses?: unknown[]
  properties?: { name: string; value: string }[]
}
interface Vuln {
  'bom-ref': string
  id: string
  source: { name: string; url?: string }
  ratings: { severity: string; method: string; score?: number; vector?: string }[]
  cwes?: number[]
  recommendation?: string
  affects: { ref: string; versions?: { version: string; status: string }[] }[]
  analysis?: { state: string; detail: string }
}
interface Bom {
  specVersion: string
  serialNumber: string
  metadata: { timestamp: string; component: Component }
  components: Component[]
  dependencies: { ref: string; dependsOn: string[] }[]
  vulnerabilities?: Vuln[]
}

const realistic = load('debian-app.json')
const bom = JSON.parse(renderCycloneDx(realistic)) as Bom

describe('renderCycloneDx', () => {
  it('describes the image with its digest and lists the OS and every package', () => {
    expect(bom.specVersion).toBe('1.6')
    expect(bom.metadata.component.type).toBe('container')
    expect(bom.metadata.component.purl).toContain(`@sha256:${realistic.artifact.manifestDigest?.slice(7)}`)
    expect(bom.components[0]).toMatchObject({ type: 'operating-system', name: 'debian', version: '12' })
    expect(bom.components.filter((c) => c.type === 'library')).toHaveLength(200)
    expect(new Set([bom.metadata.component, ...bom.components].map((c) => c['bom-ref'])).size).toBe(202)
  })

  it('writes licenses as SPDX ids, names or one expression', () => {
    const byName = (n: string) => bom.components.find((c) => c.name === n)

    expect(byName('zlib1g')?.licenses).toEqual([{ license: { id: 'Zlib' } }])
    expect(byName('jszip')?.licenses).toEqual([{ expression: '(MIT OR GPL-3.0-or-later)' }])
    expect(byName('apt')?.licenses).toEqual([
      { license: { name: 'GPL-2+' } },
      { license: { name: 'GPL-2' } },
      { license: { id: 'BSD-3-Clause' } },
      { license: { name: 'Expat' } },
    ])
  })

  it('records layer and path facts as bulwark: properties', () => {
    const lodash = bom.components.find((c) => c.name === 'lodash')

    expect(lodash?.properties).toEqual(
      expect.arrayContaining([
        { name: 'bulwark:layer:diffID', value: realistic.artifact.layers?.[1]?.diffId },
        { name: 'bulwark:location:path', value: 'app/package-lock.json' },
        { name: 'bulwark:package:foundBy', value: 'npm' },
      ]),
    )
  })

  it('has one vulnerability per advisory, affecting the package components by bom-ref', () => {
    const refs = new Set(bom.components.map((c) => c['bom-ref']))
    const vulns = bom.vulnerabilities ?? []
    const login = vulns.find((v) => v.id === 'CVE-2023-4641')

    expect(vulns).toHaveLength(11)
    for (const v of vulns) for (const a of v.affects) expect(refs.has(a.ref)).toBe(true)
    expect(login?.affects.map((a) => a.ref)).toEqual([
      'pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bdeb12u1?arch=amd64&distro=debian-12',
      'pkg:deb/debian/passwd@1:4.13%2Bdfsg1-1%2Bdeb12u1?arch=amd64&distro=debian-12',
    ])
  })

  it('carries ratings, CWEs, recommendation and source', () => {
    const v = bom.vulnerabilities?.find((x) => x.id === 'GHSA-xvch-5gv4-984h')

    expect(v?.ratings).toEqual([
      { severity: 'critical', method: 'other', source: { name: 'osv-npm' } },
      { score: 9.8, severity: 'critical', method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    ])
    expect(v?.cwes).toEqual([1321])
    expect(v?.recommendation).toBe('Upgrade minimist to 1.2.6')
    expect(v?.source).toEqual({ name: 'GitHub Advisory Database', url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h' })
    expect(bom.vulnerabilities?.find((x) => x.id === 'CVE-2005-2541')?.source).toEqual({ name: 'Debian Security Tracker' })
  })

  it('marks suppressed findings not_affected (VEX)', () => {
    const apt = bom.vulnerabilities?.find((x) => x.id === 'CVE-2011-3374')

    expect(apt?.analysis).toEqual({
      state: 'not_affected',
      detail: 'vex:app.openvex.json: Not exploitable in Debian, since no keyring URI is defined',
    })
  })

  it('is deterministic and its serial number follows the report', () => {
    const again = JSON.parse(renderCycloneDx(realistic)) as Bom
    const later = JSON.parse(renderCycloneDx({ ...realistic, createdAt: '2026-11-29T00:00:00Z' })) as Bom

    expect(renderCycloneDx(realistic)).toBe(renderCycloneDx(realistic))
    expect(again.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(later.serialNumber).not.toBe(bom.serialNumber)
    expect(bom.metadata.timestamp).toBe('2026-11-28T20:30:00Z')
  })

  it('gives duplicate purls distinct bom-refs and points findings without a component at the image', () => {
    const hostile = JSON.parse(renderCycloneDx(load('hostile.json'))) as Bom
    const same = hostile.components.filter((c) => c.name === 'same')
    const ghost = hostile.vulnerabilities?.find((v) => v.id === 'CVE-2099-0002')

    expect(same).toHaveLength(2)
    expect(same[0]?.['bom-ref']).not.toBe(same[1]?.['bom-ref'])
    expect(ghost?.affects).toEqual([{ ref: hostile.metadata.component['bom-ref'], versions: [{ version: '0.0.1', status: 'affected' }] }])
  })

  it('leaves out the vulnerabilities section when there are none', () => {
    const sbom = JSON.parse(renderCycloneDx({ ...realistic, findings: [] })) as Bom

    expect(sbom.vulnerabilities).toBeUndefined()
  })
})

describe('cvssMethod and advisorySource', () => {
  it.each([
    ['3.1', 'CVSSv31'],
    ['3.0', 'CVSSv3'],
    ['CVSS_V3', 'CVSSv3'],
    ['4.0', 'CVSSv4'],
    ['2.0', 'CVSSv2'],
    ['', 'other'],
  ])('%s -> %s', (v, want) => {
    expect(cvssMethod(v)).toBe(want)
  })

  it.each([
    { id: 'CVE-2021-44906', want: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44906' } },
    { id: 'GHSA-xvch-5gv4-984h', want: { name: 'GitHub', url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h' } },
    { id: 'DSA-5514-1', want: { name: 'Debian', url: 'https://security-tracker.debian.org/tracker/DSA-5514-1' } },
    { id: 'K8S-001', want: undefined },
  ])('$id', ({ id, want }) => {
    expect(advisorySource(id)).toEqual(want)
  })
})
