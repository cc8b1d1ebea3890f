import type { K8sObject } from '../k8s/index.js'
import { selects } from './checks/internal.js'
import { effectiveClusterRoleRules, roleRefOf, ruleAllows, rulesOf, subjectsOf, type PolicyRule, type Subject } from './rbac-rules.js'

/** One way a subject is allowed an action. */
export interface AccessGrant {
  readonly subject: Subject
  /** `ClusterRoleBinding/name` or `RoleBinding/ns/name`. */
  readonly binding: string
  /** `ClusterRole/name` or `Role/ns/name`. */
  readonly role: string
  /** The namespace the grant applies in, or `*` for cluster-wide. */
  readonly scope: string
  /** Set when the rule is limited to named objects. */
  readonly resourceNames?: readonly string[]
}

/** The question: verb on resource (`pods`, `pods/exec`, `deployments.apps`), optionally in one namespace. */
export interface WhoCanQuery {
  readonly verb: string
  readonly resource: string
  readonly namespace?: string
}

const GROUPS: Readonly<Record<string, string>> = {
  pods: '', secrets: '', services: '', configmaps: '', serviceaccounts: '', nodes: '', namespaces: '',
  persistentvolumeclaims: '', persistentvolumes: '', endpoints: '', events: '', replicationcontrollers: '',
  deployments: 'apps', statefulsets: 'apps', daemonsets: 'apps', replicasets: 'apps',
  jobs: 'batch', cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io', clusterrolebindings: 'rbac.authorization.k8s.io',
  networkpolicies: 'networking.k8s.io', ingresses: 'networking.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io',
}

// `pods` means the core group as kubectl resolves it; `deployments.apps` names its group.
function splitResource(r: string): { resource: string; group?: string } {
  const [head, sub] = r.split('/')
  const dot = (head ?? '').indexOf('.')
  if (dot < 0) {
    const g = GROUPS[head ?? '']
    return g !== undefined ? { resource: r, group: g } : { resource: r }
  }
  const resource = (head ?? '').slice(0, dot) + (sub !== undefined ? `/${sub}` : '')
  return { resource, group: (head ?? '').slice(dot + 1) }
}

/**
 * Answers "who can VERB RESOURCE" from Roles, ClusterRoles (with aggregation) and their bindings,
 * as `kubectl auth can-i` would decide for each subject.
 * ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export function whoCan(objects: readonly K8sObject[], q: WhoCanQuery): AccessGrant[] {
  const { resource, group } = splitResource(q.resource)
  const roles = new Map<string, PolicyRule[]>()
  const clusterRoles = new Map<string, PolicyRule[]>()
  for (const o of objects) {
    if (o.kind === 'Role') roles.set(`${o.namespace ?? 'default'}/${o.name}`, rulesOf(o))
    if (o.kind === 'ClusterRole') clusterRoles.set(o.name, effectiveClusterRoleRules(o, objects, selects))
  }
  const out: AccessGrant[] = []
  for (const b of objects) {
    if (b.kind !== 'RoleBinding' && b.kind !== 'ClusterRoleBinding') continue
    const ns = b.kind === 'RoleBinding' ? (b.namespace ?? 'default') : '*'
    if (q.namespace && ns !== '*' && ns !== q.namespace) continue
    const ref = roleRefOf(b)
    const rules = ref.kind === 'Role' ? roles.get(`${ns}/${ref.name}`) : clusterRoles.get(ref.name)
    if (!rules || (ref.kind === 'Role' && b.kind !== 'RoleBinding')) continue
    const match = rules.find((r) => ruleAllows(r, q.verb, resource, group))
    if (!match) continue
    const binding = b.kind === 'RoleBinding' ? `RoleBinding/${ns}/${b.name}` : `ClusterRoleBinding/${b.name}`
    const role = ref.kind === 'Role' ? `Role/${ns}/${ref.name}` : `ClusterRole/${ref.name}`
    for (const s of subjectsOf(b)) {
      const subject = s.kind === 'ServiceAccount' && !s.namespace && ns !== '*' ? { ...s, namespace: ns } : s
      out.push({ subject, binding, role, scope: ns, ...(match.resourceNames.length > 0 ? { resourceNames: match.resourceNames } : {}) })
    }
  }
  return out
}
