import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditCli } from './run.js'

const HARDENED = join(import.meta.dirname, 'testdata', 'hardened.yaml')

describe('the hardened set of issue 5', () => {
  it('exits 0 with an empty report', async () => {
    const r = await auditCli(['config', HARDENED, '--format', 'json', '--fail-on', 'low'])

    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { findings: unknown[]; warnings: unknown[]; audit: { scores: { cluster: { score: number } } } }
    expect(report.findings).toEqual([])
    expect(report.warnings).toEqual([])
    expect(report.audit.scores.cluster.score).toBe(100)
  })

  it('prints an empty table with a perfect score', async () => {
    const r = await auditCli(['config', HARDENED])

    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Findings: 0')
    expect(r.stdout).toContain('Cluster score: 100 (A)')
  })
})
