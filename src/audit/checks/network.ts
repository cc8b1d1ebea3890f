import { attackRef } from '../../core/index.js'
import { arr, rec, str, WORKLOAD_KINDS } from '../../k8s/index.js'
import { append, defineCheck, PASS, violation, type Violation } from '../check.js'
import { REF, selects } from './internal.js'

function policyTypes(np: Record<string, unknown>): string[] {
  const t = arr(rec(np, 'spec'), 'policyTypes').map(String)
  if (t.length > 0) return t
  // ref: https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/ (policyTypes default)
  return rec(np, 'spec')?.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']
}

/** K8S-030. */
export const noNetworkPolicy = defineCheck({
  id: 'K8S-030', slug: 'pod-without-network-policy', title: 'Pods selected by no NetworkPolicy', category: 'network',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'Pods that no NetworkPolicy selects accept traffic from every pod in the cluster and can reach anything: lateral movement is free.',
  remediation: 'Add a default-deny NetworkPolicy to the namespace and policies that allow only the needed traffic.',
  references: [REF.netpol], attack: attackRef('cluster-network-penetration'),
  check: (s, ctx) => {
    const w = s.workload
    if (!w) return 'skip'
    if (w.podSpec.hostNetwork === true) return [] // NetworkPolicy does not apply; host-network reports it
    const ns = s.object.namespace ?? 'default'
    let ingress = false
    let egress = false
    for (const np of ctx.index.inNamespace('NetworkPolicy', ns)) {
      if (!selects(rec(rec(np.raw, 'spec'), 'podSelector') ?? {}, w.podLabels)) continue
      for (const t of policyTypes(np.raw)) {
        if (t === 'Ingress') ingress = true
        else if (t === 'Egress') egress = true
      }
    }
    let out: Violation[] | undefined
    if (!ingress) out = append(out, violation(`no NetworkPolicy restricts ingress to the pods`, { path: w.podMetaPath }))
    if (!egress) out = append(out, violation(`no NetworkPolicy restricts egress from the pods`, { path: w.podMetaPath, severity: 'low' }))
    return out ?? PASS
  },
})

/** K8S-031. */
export const namespaceDefaultDeny = defineCheck({
  id: 'K8S-031', slug: 'namespace-without-default-deny', title: 'Namespace has no default-deny NetworkPolicy', category: 'network',
  severity: 'medium', kinds: ['Namespace'],
  rationale: 'Without a default deny every new pod in the namespace is reachable from the whole cluster until someone writes a policy for it.',
  remediation: 'Add a NetworkPolicy with an empty podSelector and policyTypes [Ingress, Egress] and no rules.',
  references: [`${REF.netpol}#default-policies`], attack: attackRef('cluster-network-penetration'),
  check: (s, ctx) => {
    const deny = ctx.index.inNamespace('NetworkPolicy', s.object.name).some((np) => {
      const spec = rec(np.raw, 'spec')
      const sel = rec(spec, 'podSelector') ?? {}
      const all = Object.keys(rec(sel, 'matchLabels') ?? {}).length === 0 && arr(sel, 'matchExpressions').length === 0
      return all && policyTypes(np.raw).includes('Ingress') && arr(spec, 'ingress').length === 0
    })
    return deny ? [] : [violation(`namespace "${s.object.name}" has no default-deny ingress NetworkPolicy`, { path: 'metadata.name' })]
  },
})

/** K8S-032. */
export const serviceExposure = defineCheck({
  id: 'K8S-032', slug: 'service-exposed', title: 'Service exposed outside the cluster', category: 'network',
  severity: 'medium', kinds: ['Service'],
  rationale: 'NodePort and LoadBalancer Services open the workload on every node or on a public address, past any Ingress controls.',
  remediation: 'Use a ClusterIP Service behind an Ingress or gateway with TLS and authentication; restrict loadBalancerSourceRanges.',
  references: [`${REF.service}#publishing-services-service-types`], attack: attackRef('access-nodeport'),
  check: (s) => {
    const spec = rec(s.object.raw, 'spec')
    const type = str(spec, 'type')
    if (type === 'NodePort') return [violation(`Service is of type NodePort`, { path: 'spec.type', evidence: type })]
    if (type === 'LoadBalancer') {
      const ranges = arr(spec, 'loadBalancerSourceRanges')
      return [violation(`Service is of type LoadBalancer${ranges.length ? '' : ' without loadBalancerSourceRanges'}`, { path: 'spec.type', evidence: type, severity: ranges.length ? 'low' : 'medium' })]
    }
    return []
  },
})

/** K8S-033. */
export const externalIps = defineCheck({
  id: 'K8S-033', slug: 'service-external-ips', title: 'Service sets externalIPs', category: 'network',
  severity: 'high', kinds: ['Service'],
  rationale: 'externalIPs let a Service capture traffic for any address (CVE-2020-8554 man-in-the-middle).',
  remediation: 'Remove spec.externalIPs; use a LoadBalancer or Ingress and block externalIPs with admission.',
  references: [`${REF.service}#external-ips`, 'https://github.com/kubernetes/kubernetes/issues/97076'], attack: attackRef('cluster-network-penetration'),
  check: (s) => {
    const ips = arr(rec(s.object.raw, 'spec'), 'externalIPs')
    return ips.length > 0 ? [violation(`Service sets externalIPs ${ips.join(', ')}`, { path: 'spec.externalIPs', evidence: ips.join(',') })] : []
  },
})

/** K8S-034. */
export const ingressTls = defineCheck({
  id: 'K8S-034', slug: 'ingress-without-tls', title: 'Ingress without TLS', category: 'network',
  severity: 'medium', kinds: ['Ingress'],
  rationale: 'Without TLS, credentials and session tokens cross the network in clear text.',
  remediation: 'Add spec.tls with a certificate for every host.',
  references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'], attack: attackRef('stolen-credentials-apps'),
  check: (s) => {
    const spec = rec(s.object.raw, 'spec')
    const tls = arr(spec, 'tls')
    if (tls.length === 0) return [violation('Ingress has no tls section', { path: 'spec' })]
    const covered = new Set(tls.flatMap((t) => arr(t, 'hosts').map(String)))
    const out: Violation[] = []
    arr(spec, 'rules').forEach((r, i) => {
      const host = str(r, 'host')
      if (host && !covered.has(host)) out.push(violation(`host ${host} is not covered by tls`, { path: `spec.rules[${i}].host`, evidence: host }))
    })
    return out
  },
})
