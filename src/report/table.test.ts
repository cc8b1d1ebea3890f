import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { displayWidth } from './table-layout.js'
import { renderTable } from './table.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

const realistic = load('debian-app.json')
const hostile = load('hostile.json')
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

describe('renderTable', () => {
  it('summarises the artifact, digests and counts', () => {
    const out = renderTable(realistic, { width: 160 })

    expect(out).toContain('Artifact: registry.example.com/shop/api:1.4.2 (debian 12)')
    expect(out).toContain(`Digest:   ${realistic.artifact.manifestDigest}`)
    expect(out).toContain('Packages: 200')
    expect(out).toContain('Findings: 16 (1 suppressed): critical 2, high 4, medium 6, low 4, unknown 0')
    expect(out).toContain('Kinds:    image-config 1, misconfiguration 2, secret 2, vulnerability 11')
  })

  it('lists severities from critical down, vulnerabilities with installed and fixed versions', () => {
    const out = renderTable(realistic, { width: 200 })
    const order = ['CRITICAL (2)', 'HIGH (4)', 'MEDIUM (6)', 'LOW (5)'].map((h) => out.indexOf(h))

    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(out).toMatch(/│ minimist +│ GHSA-xvch-5gv4-984h +│ 1\.2\.0 +│ 1\.2\.6 +│/)
    expect(out).toMatch(/│ Dockerfile +│ misconfiguration +│ DF-005 +│ line 12 +│/)
    expect(out).toContain('[suppressed: ')
  })

  it('prints a package name once per group', () => {
    const out = renderTable(realistic, { width: 200 })

    expect(out).toMatch(/│ lodash +│ GHSA-35jh-r3h4-6jhm[^\n]*\n│ +│ GHSA-p6mc-m468-83gw/)
  })

  it.each([60, 80, 120, 160])('never exceeds %i columns', (width) => {
    const out = renderTable(realistic, { width })

    for (const line of out.split('\n').filter((l) => /^[┌│├└]/.test(l))) {
      expect(displayWidth(line)).toBeLessThanOrEqual(width)
    }
  })

  it('uses ANSI colours only when asked', () => {
    expect(renderTable(realistic, { color: false })).not.toMatch(ANSI)
    expect(renderTable(realistic, { color: true })).toContain('\u001b[1;31mCRITICAL (2)\u001b[0m')
    expect(renderTable(realistic, { color: true }).replace(ANSI, '')).toBe(renderTable(realistic, { color: false }))
  })

  it('lists packages (SBOM view) when there are no findings', () => {
    const out = renderTable({ ...realistic, findings: [] }, { width: 120 })

    expect(out).toMatch(/│ Name +│ Version +│ Type +│ Layer +│/)
    expect(out).toMatch(/│ lodash +│ 4\.17\.15 +│ npm +│ [0-9a-f]{12} +│/)
    expect(out.split('\n').filter((l) => l.startsWith('│ ')).length).toBe(201)
  })

  it('says so when there is nothing at all', () => {
    const out = renderTable({ ...realistic, packages: [], findings: [], warnings: [], unknowns: [] })

    expect(out).toContain('No packages found.')
  })

  it('neutralises terminal escapes in hostile strings', () => {
    const out = renderTable(hostile, { color: false, width: 200 })

    expect(out).not.toContain('\u001b')
    expect(out).not.toContain('\u0007')
    expect(out).toContain('?[31mRED?[0m')
    expect(out).toContain('Warnings (1)')
    expect(out).toContain('Not analyzed (1)')
  })

  it('keeps escapes out even with colour on (only our own SGR codes remain)', () => {
    const out = renderTable(hostile, { color: true, width: 200 }).replace(ANSI, '')

    expect(out).not.toContain('\u001b')
  })
})
