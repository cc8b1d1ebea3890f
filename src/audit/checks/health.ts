import { attackRef } from '../../core/index.js'
import { fieldPath, isRecord, WORKLOAD_KINDS, type Container, type Workload } from '../../k8s/index.js'
import { defineCheck, violation } from '../check.js'
import { eachContainer, REF } from './internal.js'

const NONE: readonly Container[] = Object.freeze([])

// Jobs run to completion: probes on them only delay or kill finished work.
function longRunning(w: Workload): readonly Container[] {
  if (w.object.kind === 'Job' || w.object.kind === 'CronJob') return NONE
  // most workloads have only regular containers: the model's own list, not a copy
  return w.containers.every((c) => c.type === 'container') ? w.containers : w.containers.filter((c) => c.type === 'container')
}

/** K8S-020. */
export const livenessProbeMissing = defineCheck({
  id: 'K8S-020', slug: 'liveness-probe-missing', title: 'Container has no liveness probe', category: 'health',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'Without a liveness probe a hung process keeps its pod and keeps serving errors until a person notices.',
  remediation: 'Add a livenessProbe that checks the process can still do work.',
  references: [REF.probes], attack: attackRef('ddos'),
  check: eachContainer((c) => (isRecord(c.raw.livenessProbe) ? undefined : violation(`${c.label} has no livenessProbe`, { path: c.path })), longRunning),
})

/** K8S-021. */
export const readinessProbeMissing = defineCheck({
  id: 'K8S-021', slug: 'readiness-probe-missing', title: 'Container has no readiness probe', category: 'health',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'Without a readiness probe traffic reaches the pod before it can serve and while it is overloaded.',
  remediation: 'Add a readinessProbe that checks the container can serve requests.',
  references: [REF.probes], attack: attackRef('ddos'),
  check: eachContainer((c) => (isRecord(c.raw.readinessProbe) ? undefined : violation(`${c.label} has no readinessProbe`, { path: c.path })), longRunning),
})

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const

function handlerOf(p: Record<string, unknown>): string {
  for (const h of HANDLERS) if (p[h] !== undefined) return JSON.stringify({ [h]: p[h] })
  return ''
}

/** K8S-022. */
export const livenessEqualsReadiness = defineCheck({
  id: 'K8S-022', slug: 'liveness-equals-readiness', title: 'Liveness probe identical to readiness probe', category: 'health',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'When both probes check the same thing, a slow dependency restarts every replica at once instead of taking them out of rotation.',
  remediation: 'Make the liveness probe check only that the process is alive; keep dependency checks in the readiness probe.',
  references: [REF.probes, 'https://github.com/zegl/kube-score/blob/master/README_PROBES.md'], attack: attackRef('ddos'),
  check: eachContainer((c) => {
    const l = c.raw.livenessProbe
    const r = c.raw.readinessProbe
    if (!(isRecord(l) && isRecord(r) && handlerOf(l) !== '' && handlerOf(l) === handlerOf(r))) return undefined
    return violation(`${c.label} uses the same handler for liveness and readiness`, { path: fieldPath(c.path, '.livenessProbe') })
  }, longRunning),
})
