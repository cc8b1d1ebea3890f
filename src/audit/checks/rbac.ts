import { attackRef, type Severity } from '../../core/index.js'
import type { K8sObject } from '../../k8s/index.js'
import { append, defineCheck, PASS, violation, type Check, type CheckOutcome, type Violation } from '../check.js'
import { isAdminEquivalent, isBootstrap, roleRefOf, ruleGrantsExplicitly, rulesOf, subjectsOf } from '../rbac-rules.js'
import { REF } from './internal.js'

const ROLE_KINDS = ['Role', 'ClusterRole']
const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding']
const RBAC_REF = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/'

function scoped(o: K8sObject, sev: Severity): Severity {
  if (o.kind === 'ClusterRole' || sev === 'low') return sev
  return sev === 'critical' ? 'high' : sev === 'high' ? 'medium' : 'low'
}

interface Grant {
  readonly verbs: readonly string[]
  readonly resources: readonly string[]
}

function grantCheck(id: string, slug: string, title: string, severity: Severity, attack: string, rationale: string, remediation: string, grants: readonly Grant[]): Check {
  return defineCheck({
    id, slug, title, category: 'rbac', severity, kinds: ROLE_KINDS, rationale, remediation,
    references: [REF.rbac, RBAC_REF], attack: attackRef(attack),
    check: ({ object }): CheckOutcome => {
      if (isBootstrap(object)) return 'skip'
      let out: Violation[] | undefined
      for (const rule of rulesOf(object)) {
        let hits: string[] | undefined
        for (const g of grants) {
          for (const r of g.resources) {
            for (const v of g.verbs) {
              if (ruleGrantsExplicitly(rule, v, r)) (hits ??= []).push(`${v} ${r}`)
            }
          }
        }
        if (hits) {
          out = append(out, violation(`${object.kind} "${object.name}" grants ${hits.join(', ')}`, { path: `rules[${rule.index}]`, evidence: hits.join(','), severity: scoped(object, severity) }))
        }
      }
      return out ?? PASS
    },
  })
}

/** K8S-050. */
export const rbacWildcard = defineCheck({
  id: 'K8S-050', slug: 'rbac-wildcard', title: 'Role grants wildcard verbs or resources', category: 'rbac',
  severity: 'high', kinds: ROLE_KINDS,
  rationale: 'A wildcard grants every present and future resource or verb, including secrets, escalate and impersonate.',
  remediation: 'List the exact apiGroups, resources and verbs the subject needs.',
  references: [REF.rbac], attack: attackRef('rolebinding-escalation'),
  check: ({ object }) => {
    if (isBootstrap(object)) return 'skip'
    let out: Violation[] | undefined
    for (const r of rulesOf(object)) {
      if (!(r.verbs.includes('*') || r.resources.includes('*') || (r.apiGroups.includes('*') && r.resources.length > 0))) continue
      out = append(out, violation(`${object.kind} "${object.name}" rule ${r.index} uses a wildcard (verbs: ${r.verbs.join(',')}; resources: ${r.resources.join(',')})`, {
        path: `rules[${r.index}]`, severity: scoped(object, r.verbs.includes('*') && r.resources.includes('*') ? 'critical' : 'high'),
      }))
    }
    return out ?? PASS
  },
})

/** K8S-051. */
export const clusterAdminBinding = defineCheck({
  id: 'K8S-051', slug: 'cluster-admin-binding', title: 'cluster-admin (or an equivalent role) bound to a subject', category: 'rbac',
  severity: 'high', kinds: BINDING_KINDS,
  rationale: 'cluster-admin is every permission in every namespace: a leaked token of its subject is the whole cluster.',
  remediation: 'Bind a role with only the needed permissions; keep cluster-admin for break-glass groups.',
  references: [REF.rbac, `${RBAC_REF}#user-facing-roles`], attack: attackRef('rolebinding-escalation'),
  check: ({ object }, ctx) => {
    if (isBootstrap(object)) return 'skip'
    const ref = roleRefOf(object)
    const role = ref.kind === 'ClusterRole'
      ? ctx.index.byKind('ClusterRole').find((r) => r.name === ref.name)
      : ctx.index.inNamespace('Role', object.namespace ?? 'default').find((r) => r.name === ref.name)
    const admin = (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') || (role !== undefined && isAdminEquivalent(rulesOf(role)))
    if (!admin) return []
    return subjectsOf(object).map((s, i) =>
      violation(`${object.kind} "${object.name}" binds ${ref.name}${ref.name === 'cluster-admin' ? '' : ' (all verbs on all resources)'} to ${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`, {
        path: `subjects[${i}]`, severity: s.kind === 'ServiceAccount' ? 'critical' : 'high',
      }))
  },
})

const PUBLIC = new Map<string, Severity>([['system:anonymous', 'critical'], ['system:unauthenticated', 'critical'], ['system:authenticated', 'high']])

/** K8S-052. */
export const publicSubjects = defineCheck({
  id: 'K8S-052', slug: 'rbac-public-subject', title: 'Permissions granted to anonymous or all authenticated users', category: 'rbac',
  severity: 'critical', kinds: BINDING_KINDS,
  rationale: 'system:anonymous and system:unauthenticated are anyone who reaches the API server; system:authenticated is any identity, including every service account.',
  remediation: 'Bind the role to named users, groups or service accounts instead.',
  references: [`${RBAC_REF}#discovery-roles`], attack: attackRef('k8s-api-unauthenticated'),
  check: ({ object }) => {
    if (isBootstrap(object)) return 'skip'
    let out: Violation[] | undefined
    subjectsOf(object).forEach((s, i) => {
      const sev = PUBLIC.get(s.name)
      if (sev && (s.kind === 'Group' || s.kind === 'User')) out = append(out, violation(`${object.kind} "${object.name}" grants ${roleRefOf(object).name} to ${s.name}`, { path: `subjects[${i}].name`, severity: sev }))
    })
    return out ?? PASS
  },
})

/** K8S-053. */
export const secretsRead = grantCheck('K8S-053', 'rbac-secrets-read', 'Role can read Secrets', 'high', 'k8s-secret-leaked',
  'get, list or watch on secrets reads every credential in scope, including service account tokens of more privileged accounts.',
  'Grant get on named secrets (resourceNames) only, or mount them instead of reading through the API.',
  [{ verbs: ['get', 'list', 'watch'], resources: ['secrets'] }])
/** K8S-054. */
export const podExec = grantCheck('K8S-054', 'rbac-pod-exec', 'Role can exec or attach into pods', 'high', 'kubectl-exec',
  'pods/exec and pods/attach run commands in any pod in scope, with that pod\'s identity and secrets.',
  'Remove pods/exec and pods/attach from roles that do not need interactive access.',
  [{ verbs: ['create', 'get'], resources: ['pods/exec', 'pods/attach'] }])
/** K8S-055. */
export const podCreate = grantCheck('K8S-055', 'rbac-pod-create', 'Role can create pods or workloads', 'medium', 'controller-backdoor-container',
  'Whoever creates pods can mount any secret and run as any service account of the namespace.',
  'Limit pod and workload creation to deployment tooling.',
  [{ verbs: ['create'], resources: ['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers'] }])
/** K8S-056. */
export const escalateBind = grantCheck('K8S-056', 'rbac-escalate-bind-impersonate', 'Role can escalate, bind or impersonate', 'critical', 'rolebinding-escalation',
  'escalate and bind let a subject grant itself any permission; impersonate lets it act as any user, group or service account.',
  'Remove escalate, bind and impersonate except for cluster administrators.',
  [{ verbs: ['escalate', 'bind'], resources: ['roles', 'clusterroles'] }, { verbs: ['impersonate'], resources: ['users', 'groups', 'serviceaccounts', 'userextras/scopes', 'uids'] }])
/** K8S-057. */
export const nodesProxy = grantCheck('K8S-057', 'rbac-nodes-proxy', 'Role can proxy to nodes', 'high', 'access-kubelet-api',
  'nodes/proxy reaches the kubelet API, which runs commands in every pod on the node and bypasses audit logging.',
  'Remove nodes/proxy; monitoring agents should read metrics endpoints instead.',
  [{ verbs: ['get', 'create'], resources: ['nodes/proxy'] }])
/** K8S-058. */
export const saToken = grantCheck('K8S-058', 'rbac-serviceaccount-token', 'Role can mint service account tokens', 'high', 'service-account-token-leaked',
  'create on serviceaccounts/token issues tokens for any service account in scope, including privileged ones.',
  'Remove create on serviceaccounts/token.',
  [{ verbs: ['create'], resources: ['serviceaccounts/token'] }])
/** K8S-059. */
export const csrApproval = grantCheck('K8S-059', 'rbac-csr-approval', 'Role can approve certificate signing requests', 'high', 'rolebinding-escalation',
  'Approving CSRs lets a subject issue client certificates for any user or node, such as system:masters.',
  'Keep certificatesigningrequests/approval for the controller manager and administrators.',
  [{ verbs: ['update', 'patch'], resources: ['certificatesigningrequests/approval'] }, { verbs: ['approve'], resources: ['signers'] }])
