import { describe, expect, it } from 'vitest'
import type { Finding } from '../core/index.js'
import { parseIgnoreFile, parseIgnoreLines } from './ignore-file.js'
import { filterFindings, purlMatches } from './suppress.js'
import { parseVex } from './vex.js'

function finding(id: string, purl: string, severity: Finding['severity'], status = 'fixed', aliases: string[] = []): Finding {
  return {
    id,
    kind: 'vulnerability',
    severity,
    title: id,
    target: { type: 'package', name: 'x', purl },
    references: [],
    source: { plugin: 'matcher/npm', version: '1' },
    details: { aliases, status, fixedVersions: [] },
  }
}

const now = new Date('2025-06-01T00:00:00Z')

describe('ignore files', () => {
  it('parses .trivyignore lines with purl, expiry and reasons', () => {
    const rules = parseIgnoreLines('# build only\nCVE-1 pkg:npm/a exp:2025-01-01\n\nCVE-2 # inline why\nGHSA-x\n', '.trivyignore')

    expect(rules).toEqual([
      { id: 'CVE-1', purl: 'pkg:npm/a', expires: '2025-01-01', reason: 'build only', origin: '.trivyignore:2' },
      { id: 'CVE-2', reason: 'inline why', origin: '.trivyignore:4' },
      { id: 'GHSA-x', origin: '.trivyignore:5' },
    ])
  })

  it('parses the YAML form (Trivy keys)', () => {
    const text = 'vulnerabilities:\n  - id: CVE-9\n    purls: ["pkg:npm/a@1.0.0", "pkg:npm/b"]\n    statement: accepted\n    expired_at: 2030-01-01\nsecrets: null\n'

    expect(parseIgnoreFile(text, 'ignore.yaml')).toEqual([
      { id: 'CVE-9', purl: 'pkg:npm/a@1.0.0', reason: 'accepted', expires: '2030-01-01', origin: 'ignore.yaml#1' },
      { id: 'CVE-9', purl: 'pkg:npm/b', reason: 'accepted', expires: '2030-01-01', origin: 'ignore.yaml#1' },
    ])
  })

  it.each([
    { name: 'bad expiry', text: 'CVE-1 exp:soon', file: '.trivyignore' },
    { name: 'stray token', text: 'CVE-1 whatever', file: '.trivyignore' },
    { name: 'broken YAML', text: 'a: [', file: 'x.yaml' },
    { name: 'wrong YAML shape', text: 'vulnerabilities: 3', file: 'x.yml' },
  ])('rejects $name as INPUT_INVALID', ({ text, file }) => {
    expect(() => parseIgnoreFile(text, file)).toThrow(expect.objectContaining({ name: 'UserError', code: 'INPUT_INVALID' }))
  })
})

describe('VEX', () => {
  it('reads OpenVEX not_affected and fixed statements, skipping affected ones', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        { vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a@1' }], status: 'not_affected', justification: 'component_not_present' },
        { vulnerability: 'CVE-2', status: 'fixed' },
        { vulnerability: { name: 'CVE-3' }, status: 'affected' },
      ],
    }

    expect(parseVex(JSON.stringify(doc), 'v.json')).toEqual([
      { vulnerability: 'CVE-1', products: ['pkg:npm/a@1'], status: 'not_affected', justification: 'component_not_present', origin: 'v.json' },
      { vulnerability: 'CVE-2', products: [], status: 'fixed', justification: 'fixed', origin: 'v.json' },
    ])
  })

  it('resolves CycloneDX VEX affects through bom-refs', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      components: [{ 'bom-ref': 'c1', purl: 'pkg:npm/a@1' }],
      vulnerabilities: [
        { id: 'CVE-1', analysis: { state: 'false_positive', detail: 'not reachable' }, affects: [{ ref: 'c1' }] },
        { id: 'CVE-2', analysis: { state: 'exploitable' }, affects: [{ ref: 'c1' }] },
      ],
    }

    expect(parseVex(JSON.stringify(doc), 'c.json')).toEqual([
      { vulnerability: 'CVE-1', products: ['pkg:npm/a@1'], status: 'not_affected', justification: 'not reachable', origin: 'c.json' },
    ])
  })

  it.each(['not json', '{"statements": []}', '[]'])('rejects %s', (text) => {
    expect(() => parseVex(text, 'x')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
})

describe('filterFindings', () => {
  it('suppresses by alias and purl, warns about expired rules, filters severity and unfixed', () => {
    const findings = [
      finding('CVE-1', 'pkg:npm/a@1.0.0', 'high', 'fixed', ['GHSA-1']),
      finding('CVE-2', 'pkg:npm/b@2.0.0', 'critical'),
      finding('CVE-3', 'pkg:npm/c@1.0.0', 'low', 'unfixed'),
      finding('CVE-4', 'pkg:npm/d@1.0.0', 'medium'),
    ]
    const ignore = [
      { id: 'GHSA-1', purl: 'pkg:npm/a', reason: 'accepted', origin: 'f:1' },
      { id: 'CVE-2', expires: '2025-05-31', origin: 'f:2' },
    ]
    const vex = parseVex(JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: 'CVE-4', products: ['pkg:npm/d@9'], status: 'not_affected' }] }), 'v')

    const r = filterFindings(findings, { ignore, vex, ignoreUnfixed: true, severities: ['high', 'critical', 'medium'], now })

    expect(r.findings.map((f) => [f.id, f.suppressed?.by])).toEqual([
      ['CVE-1', 'ignore:f:1'],
      ['CVE-2', undefined],
      ['CVE-4', undefined],
    ])
    expect(r.warnings).toEqual(['ignore rule for CVE-2 (f:2) expired on 2025-05-31: it no longer suppresses'])
  })

  it.each([
    { pattern: 'pkg:npm/a', target: 'pkg:npm/a@1.0.0', want: true },
    { pattern: 'pkg:npm/a@1.0.0', target: 'pkg:npm/a@1.0.1', want: false },
    { pattern: 'pkg:deb/debian/libc6@2.36-9', target: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12', want: true },
    { pattern: 'pkg:maven/log4j/log4j', target: 'pkg:maven/org.apache/log4j@1', want: false },
  ])('purlMatches($pattern, $target) = $want', ({ pattern, target, want }) => {
    expect(purlMatches(pattern, target)).toBe(want)
  })
})
