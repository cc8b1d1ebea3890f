import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchClusterSnapshot } from '../../src/k8s/index.js'
import { kubeconfigFor, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js'
import { auditCli } from './run.js'

let server: FakeApiServer
let dir: string
let kubeconfig: string

beforeAll(async () => {
  server = await startFakeApiServer(join(import.meta.dirname, 'testdata', 'cluster', 'objects.yaml'))
  dir = await mkdtemp(join(tmpdir(), 'bulwark-k8s-'))
  kubeconfig = join(dir, 'kubeconfig')
  await writeFile(kubeconfig, kubeconfigFor(server))
})

afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

interface JsonReport {
  findings: { id: string; target: { name: string }; location?: { startLine?: number; pointer?: string } }[]
}

describe('live cluster through a kubeconfig (recorded-response API server)', () => {
  it('reads every resource with discovery, paging and the bearer token', async () => {
    const snap = (await fetchClusterSnapshot({ kubeconfig })) as { kind: string; items: { kind: string; apiVersion: string }[] }

    expect(snap.kind).toBe('List')
    const kinds = snap.items.map((i) => i.kind)
    expect(kinds.filter((k) => k === 'Namespace')).toHaveLength(3)
    expect(kinds).toContain('ClusterRoleBinding')
    expect(snap.items.find((i) => i.kind === 'Deployment')?.apiVersion).toBe('apps/v1')
    expect(server.requests.some((r) => r.includes('continue=2'))).toBe(true)
  })

  it('selects namespaces', async () => {
    const snap = (await fetchClusterSnapshot({ kubeconfig, namespaces: ['shop'] })) as { items: { kind: string; metadata: { namespace?: string; name: string } }[] }

    const ns = snap.items.filter((i) => i.metadata.namespace !== undefined).map((i) => i.metadata.namespace)
    expect(new Set(ns)).toEqual(new Set(['shop']))
    expect(snap.items.filter((i) => i.kind === 'Namespace').map((i) => i.metadata.name)).toEqual(['shop'])
  })

  it('fails with exit 2 on a bad token', async () => {
    await writeFile(join(dir, 'bad'), kubeconfigFor({ ...server, token: 'wrong' }))

    const r = await auditCli(['cluster', '--kubeconfig', join(dir, 'bad')])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('HTTP 401')
  })

  it('audits the cluster, skipping pods and replica sets owned by audited controllers', async () => {
    const r = await auditCli(['cluster', '--kubeconfig', kubeconfig, '--format', 'json'])

    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as JsonReport
    const targets = new Set(report.findings.map((f) => f.target.name))
    expect(targets).toContain('Deployment/shop/api')
    expect([...targets].some((t) => t.startsWith('Pod/') || t.startsWith('ReplicaSet/'))).toBe(false)
    const ids = (t: string): string[] => report.findings.filter((f) => f.target.name === t).map((f) => f.id)
    expect(ids('Deployment/shop/api')).toContain('K8S-062')
    expect(ids('DaemonSet/kube-system/log-agent')).toEqual(expect.arrayContaining(['K8S-001', 'K8S-009', 'K8S-017', 'K8S-016']))
    expect(ids('Service/shop/api')).toContain('K8S-032')
    expect(ids('ClusterRoleBinding/deployer-admin')).toContain('K8S-051')
    expect(ids('ClusterRoleBinding/anonymous-view')).toContain('K8S-052')
    expect(ids('Role/shop/secret-reader')).toContain('K8S-053')
    expect(targets).not.toContain('ClusterRole/cluster-admin')
  })

  it('writes a snapshot that audits the same offline', async () => {
    const file = join(dir, 'snap.json')

    const w = await auditCli(['cluster', 'snapshot', '--kubeconfig', kubeconfig, '--output', file])
    const live = await auditCli(['cluster', '--kubeconfig', kubeconfig, '--format', 'json'])
    const offline = await auditCli(['cluster', '--snapshot', file, '--format', 'json'])

    expect(w.code).toBe(0)
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ kind: 'List' })
    const ids = (out: string): string[] => (JSON.parse(out) as JsonReport).findings.map((f) => `${f.id} ${f.target.name}`).sort()
    expect(ids(offline.stdout)).toEqual(ids(live.stdout))
    const located = (JSON.parse(offline.stdout) as JsonReport).findings.find((f) => f.id === 'K8S-017')
    const lines = (await readFile(file, 'utf8')).split('\n')
    expect(lines[(located?.location?.startLine ?? 0) - 1]).toContain('/var/run/docker.sock')
  })

  it('answers who-can from the cluster', async () => {
    const r = await auditCli(['rbac', 'who-can', 'get', 'secrets', '--kubeconfig', kubeconfig, '-n', 'shop', '--format', 'json'])

    expect(r.code).toBe(0)
    const subjects = (JSON.parse(r.stdout) as { grants: { subject: { kind: string; name: string; namespace?: string } }[] }).grants.map((g) => `${g.subject.kind}:${g.subject.namespace ?? ''}:${g.subject.name}`)
    expect(subjects).toEqual(expect.arrayContaining(['Group::system:masters', 'ServiceAccount:ci:deployer', 'ServiceAccount:shop:api']))
  })
})
