import { attackRef } from '../../core/index.js'
import { WORKLOAD_KINDS } from '../../k8s/index.js'
import { defineCheck, onWorkload, violation } from '../check.js'
import { admits, evaluatePss, PSS_LEVELS, type PssLevel } from '../pss.js'
import { REF } from './internal.js'

/** K8S-060. */
export const pssBaseline = defineCheck({
  id: 'K8S-060', slug: 'pss-baseline', title: 'Workload violates the Pod Security Standards baseline', category: 'pss',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'The baseline profile blocks the known privilege escalations; a namespace enforcing baseline or restricted rejects this pod.',
  remediation: 'Fix each listed control so the pod meets the baseline profile.',
  references: [`${REF.pss}#baseline`], attack: attackRef('privileged-container-escape'),
  check: onWorkload((w) =>
    evaluatePss(w).failures.filter((f) => f.level === 'baseline').map((f) => violation(`baseline control "${f.control}": ${f.detail}`, { path: f.path, evidence: f.control })),
  ),
})

/** K8S-061. */
export const pssRestricted = defineCheck({
  id: 'K8S-061', slug: 'pss-restricted', title: 'Workload violates the Pod Security Standards restricted profile', category: 'pss',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'The restricted profile is current pod hardening practice; a namespace enforcing it rejects this pod.',
  remediation: 'Fix each listed control so the pod meets the restricted profile.',
  references: [`${REF.pss}#restricted`], attack: attackRef('privileged-container-escape'),
  check: onWorkload((w) => {
    const failed = evaluatePss(w).failures.filter((f) => f.level === 'restricted')
    const first = failed[0]
    if (!first) return []
    const controls = [...new Set(failed.map((f) => f.control))]
    // one finding per workload: the individual settings are reported by their own checks
    return [violation(`restricted controls failed: ${controls.join(', ')} (${failed.map((f) => f.detail).join('; ')})`, { path: first.path, evidence: controls.join(',') })]
  }),
})

const ENFORCE = 'pod-security.kubernetes.io/enforce'

/** K8S-062. */
export const pssEnforceRejects = defineCheck({
  id: 'K8S-062', slug: 'pss-enforce-rejects', title: 'Namespace Pod Security enforce level would reject the workload', category: 'pss',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'Pod Security Admission refuses pods below the namespace enforce level: this workload would not start (a Deployment creates no pods).',
  remediation: 'Bring the pod spec up to the namespace level, or change the namespace label deliberately.',
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'], attack: attackRef('privileged-container-escape'),
  check: (s, ctx) => {
    const w = s.workload
    if (!w) return 'skip'
    const ns = ctx.index.namespace(s.object.namespace ?? 'default')
    const enforce = ns?.labels[ENFORCE]
    if (!enforce || !(PSS_LEVELS as readonly string[]).includes(enforce)) return 'skip'
    const r = evaluatePss(w)
    if (admits(enforce as PssLevel, r.level)) return []
    const first = r.failures.find((f) => enforce === 'restricted' || f.level === 'baseline')
    return [violation(`namespace "${ns?.name}" enforces ${enforce}; the workload meets only ${r.level} (${r.failures.map((f) => f.control).filter((x, i, a) => a.indexOf(x) === i).join(', ')})`, { path: first?.path ?? w.podPath })]
  },
})
