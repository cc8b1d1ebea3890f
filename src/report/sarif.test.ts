import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { renderSarif, sarifLevel } from './sarif.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

interface Rule {
  id: string
  properties: { 'security-severity': string; tags: string[] }
  defaultConfiguration: { level: string }
  helpUri?: string
}
interface Result {
  ruleId: string
  ruleIndex: number
  level: string
  message: { text: string }
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; endLine?: number } } }[]
  partialFingerprints: Record<string, string>
  suppressions?: { kind: string; justification: string }[]
}
interface Log {
  version: string
  runs: { tool: { driver: { name: string; version: string; rules: Rule[] } }; results: Result[] }[]
}

function sarif(report: ScanReport): { rules: Rule[]; results: Result[] } {
  const log = JSON.parse(renderSarif(report)) as Log
  const run = log.runs[0]
  if (!run) throw new Error('no run')
  return { rules: run.tool.driver.rules, results: run.results }
}

describe('sarifLevel', () => {
  it.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['unknown', 'note'],
  ] as const)('%s -> %s', (sev, level) => {
    expect(sarifLevel(sev)).toBe(level)
  })
})

describe('renderSarif', () => {
  const realistic = load('debian-app.json')
  const { rules, results } = sarif(realistic)

  it('has one rule per finding id and one result per finding', () => {
    expect(rules.map((r) => r.id)).toEqual([...new Set(realistic.findings.map((f) => f.id))].sort())
    expect(results).toHaveLength(realistic.findings.length)
    for (const r of results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId)
  })

  it.each([
    { id: 'GHSA-xvch-5gv4-984h', score: '9.8', level: 'error' },
    { id: 'GHSA-29mw-wpgm-hmr9', score: '5.3', level: 'warning' },
    { id: 'aws-access-key-id', score: '9.5', level: 'error' },
    { id: 'DF-005', score: '2.0', level: 'note' },
    { id: 'IMG-001', score: '8.0', level: 'error' },
  ])('$id: security-severity $score (CVSS when known, else mapped), level $level', ({ id, score, level }) => {
    const rule = rules.find((r) => r.id === id)

    expect(rule?.properties['security-severity']).toBe(score)
    expect(rule?.defaultConfiguration.level).toBe(level)
    expect(rule?.properties.tags).toContain('security')
  })

  it('locates findings in files with lines, and packages by the file that declared them', () => {
    const secret = results.find((r) => r.ruleId === 'aws-access-key-id')
    const lodash = results.find((r) => r.ruleId === 'GHSA-35jh-r3h4-6jhm')
    const root = results.find((r) => r.ruleId === 'IMG-001')

    expect(secret?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'app/config/.env' },
      region: { startLine: 3, endLine: 3 },
    })
    expect(lodash?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('app/package-lock.json')
    expect(lodash?.message.text).toContain('Installed Version: 4.17.15')
    expect(lodash?.message.text).toContain('Fixed Version: 4.17.21')
    expect(root?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('registry.example.com/shop/api:1.4.2')
  })

  it('marks suppressed findings and gives stable, distinct fingerprints', () => {
    const suppressed = results.filter((r) => r.suppressions)
    const prints = results.map((r) => r.partialFingerprints['bulwarkFinding/v1'])

    expect(suppressed.map((r) => r.ruleId)).toEqual(['CVE-2011-3374'])
    expect(new Set(prints).size).toBe(results.length)
    expect(renderSarif(realistic)).toBe(renderSarif(realistic))
  })

  it('encodes hostile paths as URI references and drops impossible regions', () => {
    const { results: hr, rules: hrules } = sarif(load('hostile.json'))
    const secret = hr.find((r) => r.ruleId === 'secret/<rule>')
    const k8s = hr.find((r) => r.ruleId === 'K8S-001')

    expect(secret?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'app/some%20dir/%D0%BA%D0%BB%D1%8E%D1%87%20%26%20%3Cb%3E.json%23frag%2520%3Fq' },
    })
    expect(k8s?.locations[0]?.physicalLocation.region).toEqual({ startLine: 7 })
    expect(hrules.find((r) => r.id === 'CVE-2099-0001')?.helpUri).toBe('https://example.com/a?b=1&c=%22x%22')
  })
})
