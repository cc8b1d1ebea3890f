import { describe, expect, it } from 'vitest'
import type { Finding, ScanReport } from '../core/index.js'
import { renderAuditTable } from './audit-table.js'

function finding(id: string, name: string, severity: Finding['severity'], line: number): Finding {
  return {
    id, kind: 'misconfiguration', severity, title: id, description: `${id} on ${name}`,
    target: { type: 'k8s-object', name }, location: { path: 'app.yaml', startLine: line },
    references: [], source: { plugin: 'k8s-audit', version: 'test' },
  }
}

const report: ScanReport = {
  schemaVersion: 1, createdAt: '2026-01-01T00:00:00Z', tool: { name: 'bulwark', version: 'test' },
  artifact: { name: 'app.yaml', type: 'kubernetes' }, packages: [], unknowns: [], warnings: ['w1'],
  findings: [finding('K8S-004', 'Deployment/shop/web', 'low', 30), finding('K8S-001', 'Deployment/shop/web', 'critical', 12), finding('K8S-032', 'Service/shop/web', 'medium', 5)],
}

describe('renderAuditTable', () => {
  it('groups findings by resource with their scores, worst first inside a group', () => {
    const scores = { objects: { 'Deployment/shop/web': { score: 57, grade: 'D' }, 'Service/shop/web': { score: 92, grade: 'A' } }, namespaces: { shop: { score: 75, grade: 'B' } }, cluster: { score: 75, grade: 'B' } }

    const out = renderAuditTable(report, scores, { width: 120 })

    const web = out.indexOf('Deployment/shop/web  score 57 (D)')
    const svc = out.indexOf('Service/shop/web  score 92 (A)')
    expect(web).toBeGreaterThan(0)
    expect(svc).toBeGreaterThan(web)
    expect(out.indexOf('K8S-001')).toBeLessThan(out.indexOf('K8S-004'))
    expect(out).toContain('app.yaml:12')
    expect(out).toContain('Cluster score: 75 (B)')
    expect(out).toContain('warning: w1')
  })
})
