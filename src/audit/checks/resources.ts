import { attackRef } from '../../core/index.js'
import { fieldPath, rec, WORKLOAD_KINDS } from '../../k8s/index.js'
import { append, defineCheck, onWorkload, PASS, violation, type Check, type Violation } from '../check.js'
import { eachContainer, REF, runtimeContainers } from './internal.js'

function resourceCheck(id: string, slug: string, resource: 'cpu' | 'memory', kind: 'requests' | 'limits', severity: Check['severity']): Check {
  const what = `${resource} ${kind === 'requests' ? 'request' : 'limit'}`
  const field = `.resources.${kind}.${resource}`
  const says = ` sets no ${what}`
  return defineCheck({
    id, slug, title: `Container has no ${what}`, category: 'resources',
    severity, kinds: WORKLOAD_KINDS,
    rationale: kind === 'limits'
      ? `Without a ${what} one container can starve every other pod on its node (denial of service, cryptomining at your cost).`
      : `Without a ${what} the scheduler cannot place the pod safely and it is the first to be evicted.`,
    remediation: `Set resources.${kind}.${resource} on every container (a LimitRange can supply defaults).`,
    references: [REF.resources], attack: attackRef('resource-hijacking'),
    check: eachContainer((c) => (rec(rec(c.raw, 'resources'), kind)?.[resource] === undefined ? violation(c.label + says, { path: fieldPath(c.path, field) }) : undefined), runtimeContainers),
  })
}

/** K8S-023. */
export const cpuRequests = resourceCheck('K8S-023', 'cpu-requests-missing', 'cpu', 'requests', 'low')
/** K8S-024. */
export const cpuLimits = resourceCheck('K8S-024', 'cpu-limits-missing', 'cpu', 'limits', 'low')
/** K8S-025. */
export const memoryRequests = resourceCheck('K8S-025', 'memory-requests-missing', 'memory', 'requests', 'low')
/** K8S-026. */
export const memoryLimits = resourceCheck('K8S-026', 'memory-limits-missing', 'memory', 'limits', 'medium')

const STORAGE_KINDS = ['requests', 'limits'] as const
const STORAGE_SAYS = { requests: ' sets no ephemeral-storage request', limits: ' sets no ephemeral-storage limit' } as const
const STORAGE_FIELD = { requests: '.resources.requests', limits: '.resources.limits' } as const

/** K8S-027. */
export const ephemeralStorage = defineCheck({
  id: 'K8S-027', slug: 'ephemeral-storage-missing', title: 'Container has no ephemeral-storage request or limit', category: 'resources',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'Unbounded writes to the container layer, logs and emptyDir fill the node disk and evict its other pods.',
  remediation: 'Set resources.requests and resources.limits for ephemeral-storage.',
  references: [`${REF.resources}#local-ephemeral-storage`], attack: attackRef('ddos'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const c of runtimeContainers(w)) {
      const res = rec(c.raw, 'resources')
      for (const kind of STORAGE_KINDS) {
        if (rec(res, kind)?.['ephemeral-storage'] === undefined) {
          out = append(out, violation(c.label + STORAGE_SAYS[kind], { path: fieldPath(c.path, STORAGE_FIELD[kind]) }))
        }
      }
    }
    return out ?? PASS
  }),
})

/** K8S-028. */
export const namespaceLimitRange = defineCheck({
  id: 'K8S-028', slug: 'namespace-without-limitrange', title: 'Namespace has no LimitRange', category: 'resources',
  severity: 'low', kinds: ['Namespace'],
  rationale: 'A LimitRange gives every container default requests and limits, so one forgotten field does not leave a pod unbounded.',
  remediation: 'Create a LimitRange with default requests and limits in the namespace.',
  references: [REF.limitRange], attack: attackRef('resource-hijacking'),
  check: (s, ctx) =>
    ctx.index.inNamespace('LimitRange', s.object.name).length > 0
      ? PASS
      : [violation(`namespace "${s.object.name}" has no LimitRange`, { path: 'metadata.name' })],
})

/** K8S-029. */
export const namespaceQuota = defineCheck({
  id: 'K8S-029', slug: 'namespace-without-resourcequota', title: 'Namespace has no ResourceQuota', category: 'resources',
  severity: 'low', kinds: ['Namespace'],
  rationale: 'Without a ResourceQuota one namespace can consume the whole cluster.',
  remediation: 'Create a ResourceQuota for cpu, memory and object counts in the namespace.',
  references: [REF.quota], attack: attackRef('resource-hijacking'),
  check: (s, ctx) =>
    ctx.index.inNamespace('ResourceQuota', s.object.name).length > 0
      ? PASS
      : [violation(`namespace "${s.object.name}" has no ResourceQuota`, { path: 'metadata.name' })],
})
