import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditCli } from './run.js'

const T = join(import.meta.dirname, 'testdata')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-config-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface Report {
  findings: { id: string; severity: string; target: { name: string }; location: { path: string; startLine: number; pointer?: string }; suppressed?: { by: string; reason: string } }[]
  unknowns: { path: string; reason: string }[]
  warnings: string[]
}

async function jsonAudit(...args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await auditCli(['config', ...args, '--format', 'json'])
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr }
}

describe('bulwark config on tricky inputs', () => {
  it('reads a JSON List and parses a registry port as no tag', async () => {
    const { code, report } = await jsonAudit(join(T, 'tricky', 'list.json'))

    expect(code).toBe(0)
    const priv = report.findings.find((f) => f.id === 'K8S-001')
    expect(priv?.target.name).toBe('Pod/tricky/json-pod')
    expect(priv?.location.startLine).toBe(18)
    expect(report.findings.find((f) => f.id === 'K8S-040')?.location.pointer).toBe('spec.containers[0].image')
  })

  it('covers init and ephemeral containers, per-container overrides and pod-template suppression in Helm output', async () => {
    const { report } = await jsonAudit(join(T, 'tricky', 'helm-output.yaml'))

    const at = (id: string): string[] => report.findings.filter((f) => f.id === id).map((f) => f.location.pointer ?? '')
    expect(at('K8S-001')).toEqual(['spec.template.spec.ephemeralContainers[0].securityContext.privileged'])
    expect(at('K8S-003')).toEqual(['spec.template.spec.initContainers[0].securityContext.runAsUser'])
    expect(at('K8S-005')).toEqual(['spec.template.spec.containers[0].securityContext.capabilities.add[0]'])
    const sys = report.findings.find((f) => f.id === 'K8S-005')
    expect(sys?.location.startLine).toBe(43)
    const ignored = report.findings.filter((f) => f.id === 'K8S-020' || f.id === 'K8S-021')
    expect(ignored.length).toBe(2)
    expect(ignored.every((f) => f.suppressed?.reason === 'batch-style worker, probed by its queue')).toBe(true)
  })

  it('reports invalid YAML with file and line, audits the rest, and exits 2 even when a gate also fails', async () => {
    const r = await auditCli(['config', join(T, 'tricky', 'broken.yaml'), join(T, 'tricky', 'list.json'), '--format', 'json', '--fail-on', 'high'])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${join(T, 'tricky', 'broken.yaml')}:17:`)
    const report = JSON.parse(r.stdout) as Report
    const names = new Set(report.findings.map((f) => f.target.name))
    expect(names).toContain('Pod/default/fine-before')
    expect(names).toContain('Pod/tricky/json-pod')
    expect(names).not.toContain('Pod/default/broken')
  })

  it('fails the gate with exit 1 and passes it below the threshold', async () => {
    const high = await auditCli(['config', join(T, 'tricky', 'list.json'), '--fail-on', 'critical'])
    const none = await auditCli(['config', join(T, 'hardened.yaml'), '--fail-on', 'low'])

    expect(high.code).toBe(1)
    expect(none.code).toBe(0)
  })

  it('filters by severity', async () => {
    const { report } = await jsonAudit(join(T, 'tricky', 'helm-output.yaml'), '--severity', 'high')

    expect(report.findings.length).toBeGreaterThan(0)
    expect(report.findings.every((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true)
  })

  it('applies an exceptions file until it expires', async () => {
    const file = join(dir, 'exceptions.yaml')
    await writeFile(file, [
      'exceptions:',
      '  - check: privileged-container',
      '    namespace: tricky',
      '    name: json-*',
      '    reason: vendor appliance, reviewed',
      '    expires: 2999-01-01',
      '  - check: K8S-040',
      '    reason: old decision',
      '    expires: 2001-01-01',
      '',
    ].join('\n'))

    const { report } = await jsonAudit(join(T, 'tricky', 'list.json'), '--exceptions', file)

    expect(report.findings.find((f) => f.id === 'K8S-001')?.suppressed?.reason).toBe('vendor appliance, reviewed')
    expect(report.findings.find((f) => f.id === 'K8S-040')?.suppressed).toBeUndefined()
    expect(report.warnings.some((w) => w.includes('expired on 2001-01-01'))).toBe(true)
  })

  it('runs custom CEL checks from a directory', async () => {
    const { report } = await jsonAudit(join(T, 'tricky', 'helm-output.yaml'), '--checks', join(T, 'custom-checks'))

    const org = report.findings.filter((f) => f.id.startsWith('ORG-'))
    expect(org.map((f) => `${f.id} ${f.location.pointer}`).sort()).toEqual([
      'ORG-001 metadata.labels',
      'ORG-002 spec.template.spec.ephemeralContainers[0].image',
    ])
  })

  it('rejects a custom check whose condition does not compile, naming the file', async () => {
    const r = await auditCli(['config', join(T, 'hardened.yaml'), '--checks', join(T, 'custom-broken')])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('bad.yaml')
    expect(r.stderr).toContain('ORG-009')
  })

  it('writes SARIF with the line of the offending field', async () => {
    const r = await auditCli(['config', join(T, 'tricky', 'list.json'), '--format', 'sarif'])

    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }
    const res = sarif.runs[0]?.results.find((x) => x.ruleId === 'K8S-001')
    expect(res?.locations[0]?.physicalLocation.region.startLine).toBe(18)
  })

  it('audits a Dockerfile found among the inputs with the content checks', async () => {
    const { code, report } = await jsonAudit(join(T, 'with-dockerfile'))

    expect(code).toBe(0)
    const paths = new Set(report.findings.map((f) => f.location.path))
    expect(paths).toContain(join(T, 'with-dockerfile', 'Dockerfile'))
    expect(paths).toContain(join(T, 'with-dockerfile', 'app.json'))
  })

  it('notes unknown kinds without failing', async () => {
    const r = await auditCli(['config', join(T, 'tricky', 'broken.yaml'), '--format', 'json'])

    const report = JSON.parse(r.stdout) as Report
    expect(report.findings.some((f) => f.target.name.startsWith('Widget/'))).toBe(false)
  })

  it('answers who-can from manifest files', async () => {
    const r = await auditCli(['rbac', 'who-can', 'create', 'pods/exec', join(T, 'polaris', 'rolebindingRolePodExecAttach'), '--format', 'json'].filter((x) => !x.includes('rolebindingRolePodExecAttach')).concat(join(T, 'cluster', 'objects.yaml')))

    expect(r.code).toBe(0)
    const grants = (JSON.parse(r.stdout) as { grants: { subject: { name: string }; role: string }[] }).grants
    expect(grants.map((g) => `${g.subject.name} ${g.role}`).sort()).toEqual(['deployer ClusterRole/cluster-admin', 'system:masters ClusterRole/cluster-admin'])
  })
})
