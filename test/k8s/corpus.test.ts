import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAudit } from '../../src/audit/index.js'
import { parseManifests } from '../../src/k8s/index.js'

const DATA = join(import.meta.dirname, 'testdata')

function idsOf(path: string): Set<string> {
  const { objects, errors } = parseManifests(readFileSync(path, 'utf8'), path)
  expect(errors).toEqual([])
  return new Set(runAudit({ objects, toolVersion: 'test' }).findings.map((f) => f.id))
}

// Polaris check -> the Bulwark check that judges the same thing.
const POLARIS: Readonly<Record<string, string>> = {
  automountServiceAccountToken: 'K8S-015', cpuLimitsMissing: 'K8S-024', cpuRequestsMissing: 'K8S-023',
  memoryLimitsMissing: 'K8S-026', memoryRequestsMissing: 'K8S-025', dangerousCapabilities: 'K8S-005',
  hostIPCSet: 'K8S-010', hostNetworkSet: 'K8S-011', hostPIDSet: 'K8S-009', hostPortSet: 'K8S-012',
  livenessProbeMissing: 'K8S-020', readinessProbeMissing: 'K8S-021', notReadOnlyRootFilesystem: 'K8S-004',
  privilegeEscalationAllowed: 'K8S-002', procMount: 'K8S-013', runAsPrivileged: 'K8S-001', runAsRootAllowed: 'K8S-003',
  tagNotSpecified: 'K8S-040', clusterrolePodExecAttach: 'K8S-054', rolePodExecAttach: 'K8S-054',
  clusterrolebindingClusterAdmin: 'K8S-051', rolebindingClusterAdminClusterRole: 'K8S-051',
  sensitiveContainerEnvVar: 'K8S-018', pullPolicyNotAlways: 'K8S-042', missingNetworkPolicy: 'K8S-030',
}

// Where Bulwark deliberately disagrees with Polaris's label, and why.
const DIVERGES: Readonly<Record<string, string>> = {
  'pullPolicyNotAlways/failure.yaml': 'untagged image: Kubernetes defaults imagePullPolicy to Always',
  'pullPolicyNotAlways/failure.cron-job.yaml': 'untagged image: Kubernetes defaults imagePullPolicy to Always',
  'missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml': 'a policy with no ingress rules denies all ingress: the pod is isolated',
  'missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml': 'a policy with no egress rules denies all egress: the pod is isolated',
}

const polarisCases = Object.entries(POLARIS).flatMap(([dir, id]) =>
  readdirSync(join(DATA, 'polaris', dir))
    .filter((f) => !DIVERGES[`${dir}/${f}`])
    .map((f) => ({ name: `${dir}/${f}`, id, fail: f.startsWith('failure') })),
)

describe('Polaris test fixtures', () => {
  it.each(polarisCases)('$name -> $id present: $fail', ({ name, id, fail }) => {
    expect(idsOf(join(DATA, 'polaris', name)).has(id)).toBe(fail)
  })

  it('diverges only where documented', () => {
    for (const name of Object.keys(DIVERGES)) {
      const [dir] = name.split('/')
      expect(idsOf(join(DATA, 'polaris', name)).has(POLARIS[dir ?? ''] ?? '')).toBe(false)
    }
  })
})

describe('kubesec fixtures', () => {
  it.each([
    { file: 'score-0-cap-sys-admin.yml', has: ['K8S-005', 'K8S-060'] },
    { file: 'score-0-daemonset-host-network.yml', has: ['K8S-011', 'K8S-060'] },
    { file: 'score-0-daemonset-host-pid.yml', has: ['K8S-009'] },
    { file: 'score-0-daemonset-mount-docker-socket.yml', has: ['K8S-017'] },
    { file: 'score-0-daemonset-volume-host-docker-socket.yml', has: ['K8S-017'] },
    { file: 'score-0-daemonset-securitycontext-privileged.yml', has: ['K8S-001'] },
    { file: 'score-0-dep-apparmor-unconfined-container.yml', has: ['K8S-008'] },
    { file: 'score-0-dep-apparmor-unconfined-initcontainer.yml', has: ['K8S-008'] },
    { file: 'score-0-dep-apparmor-unconfined-ephemeralcontainer.yml', has: ['K8S-008'] },
    { file: 'score-0-dep-apparmor-unconfined-spec-securitycontext.yml', has: ['K8S-008'] },
    { file: 'score-0-dep-seccomp-unconfined-container.yml', has: ['K8S-007', 'K8S-060'] },
    { file: 'score-0-dep-seccomp-unconfined-initcontainer.yml', has: ['K8S-007', 'K8S-060'] },
    { file: 'score-0-dep-seccomp-unconfined-ephemeralcontainer.yml', has: ['K8S-007', 'K8S-060'] },
    { file: 'score-0-dep-seccomp-unconfined-spec-securitycontext.yml', has: ['K8S-007', 'K8S-060'] },
    { file: 'score-1-cap-drop-all.yml', hasNot: ['K8S-006'] },
    { file: 'score-1-dep-apparmor-nonunconfined-container.yml', hasNot: ['K8S-008', 'K8S-060'] },
    { file: 'score-1-dep-apparmor-nonunconfined-spec-securitycontext.yml', hasNot: ['K8S-008', 'K8S-060'] },
    { file: 'score-1-dep-seccomp-nonunconfined-spec-securitycontext.yml', hasNot: ['K8S-007', 'K8S-060'] },
    { file: 'score-1-dep-podseccon-run-as-non-root.yml', hasNot: ['K8S-003'] },
    { file: 'score-1-dep-seccon-run-as-user-10001.yml', hasNot: ['K8S-003'] },
    { file: 'score-1-dep-ro-root-fs.yml', hasNot: ['K8S-004'] },
    { file: 'score-1-dep-resource-limit-cpu.yml', hasNot: ['K8S-024'] },
    { file: 'score-1-dep-resource-limit-memory.yml', hasNot: ['K8S-026'] },
    { file: 'score-1-pod-automount-sa-set-to-false.yml', hasNot: ['K8S-015'] },
  ])('$file', ({ file, has = [], hasNot = [] }) => {
    const ids = idsOf(join(DATA, 'kubesec', file))

    for (const id of has) expect(ids, id).toContain(id)
    for (const id of hasNot) expect(ids, id).not.toContain(id)
  })
})

describe('kube-score fixtures', () => {
  it.each([
    { file: 'pod-security-context-privileged.yaml', has: ['K8S-001'] },
    { file: 'pod-security-context-all-good.yaml', hasNot: ['K8S-001', 'K8S-003', 'K8S-004'] },
    { file: 'pod-image-tag-latest.yaml', has: ['K8S-040'] },
    { file: 'pod-image-tag-fixed.yaml', hasNot: ['K8S-040'] },
    { file: 'pod-image-pullpolicy-never.yaml', has: ['K8S-042'] },
    { file: 'pod-image-pullpolicy-always.yaml', hasNot: ['K8S-042'] },
    { file: 'pod-image-pullpolicy-undefined-latest-tag.yaml', hasNot: ['K8S-042'] },
    { file: 'pod-image-pullpolicy-undefined.yaml', has: ['K8S-042'] },
    { file: 'pod-probes-all-missing.yaml', has: ['K8S-020', 'K8S-021'] },
    { file: 'pod-probes-missing-ready.yaml', has: ['K8S-021'], hasNot: ['K8S-020'] },
    { file: 'pod-test-resources-limits-and-requests.yaml', hasNot: ['K8S-023', 'K8S-024', 'K8S-025', 'K8S-026'] },
    { file: 'pod-test-resources-limits-and-requests-no-cpu-limit.yaml', has: ['K8S-024'], hasNot: ['K8S-023', 'K8S-026'] },
    { file: 'pod-ephemeral-storage-request-nomatch-limit.yaml', hasNot: ['K8S-027'] },
    { file: 'pod-ephemeral-storage-missing-limit.yaml', has: ['K8S-027'] },
    { file: 'networkpolicy-matching.yaml', hasNot: ['K8S-030'] },
    { file: 'networkpolicy-not-matching.yaml', has: ['K8S-030'] },
    { file: 'networkpolicy-targets-all-pods.yaml', hasNot: ['K8S-030'] },
    { file: 'networkpolicy-cronjob-matching.yaml', hasNot: ['K8S-030'] },
    { file: 'networkpolicy-statefulset-not-matching-selector.yaml', has: ['K8S-030'] },
    { file: 'service-type-nodeport.yaml', has: ['K8S-032'] },
    { file: 'service-type-clusterip.yaml', hasNot: ['K8S-032'] },
  ])('$file', ({ file, has = [], hasNot = [] }) => {
    const ids = idsOf(join(DATA, 'kube-score', file))

    for (const id of has) expect(ids, id).toContain(id)
    for (const id of hasNot) expect(ids, id).not.toContain(id)
  })
})
