import { arr, isRecord, rec, str, type K8sObject } from '../k8s/index.js'

/** One RBAC policy rule, normalized. */
export interface PolicyRule {
  readonly apiGroups: readonly string[]
  readonly resources: readonly string[]
  readonly verbs: readonly string[]
  readonly resourceNames: readonly string[]
  readonly nonResourceURLs: readonly string[]
  readonly index: number
}

const DEFAULT_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view'])

/**
 * True for the default roles and bindings the API server creates: labelled
 * kubernetes.io/bootstrapping, or a ClusterRole with a user-facing default name.
 * ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings
 */
export function isBootstrap(o: K8sObject): boolean {
  if (o.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults') return true
  // system: objects belong to Kubernetes components; gce: ones to the GKE control plane
  if (o.name.startsWith('system:') || o.name.startsWith('gce:')) return true
  return o.kind === 'ClusterRole' && DEFAULT_ROLES.has(o.name)
}

const ADMIN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']

/** True when rules grant every (or every write and read) verb on every resource of every group. */
export function isAdminEquivalent(rules: readonly PolicyRule[]): boolean {
  return rules.some(
    (r) => r.apiGroups.includes('*') && r.resources.includes('*') && (r.verbs.includes('*') || ADMIN_VERBS.every((v) => r.verbs.includes(v))),
  )
}

const RULES = new WeakMap<K8sObject, PolicyRule[]>()

/** The rules of a Role or ClusterRole (normalized once per object). */
export function rulesOf(role: K8sObject): PolicyRule[] {
  let rules = RULES.get(role)
  if (!rules) {
    rules = normalizeRules(role)
    RULES.set(role, rules)
  }
  return rules
}

// the list as strings: the manifest's own list when it holds only strings (it is only read)
function strings(v: unknown, key: string): readonly string[] {
  const list = arr(v, key)
  return list.every((x) => typeof x === 'string') ? (list as readonly string[]) : list.map(String)
}

function normalizeRules(role: K8sObject): PolicyRule[] {
  return arr(role.raw, 'rules')
    .map((r, index) => ({
      apiGroups: strings(r, 'apiGroups'),
      resources: strings(r, 'resources'),
      verbs: strings(r, 'verbs'),
      resourceNames: strings(r, 'resourceNames'),
      nonResourceURLs: strings(r, 'nonResourceURLs'),
      index,
    }))
}

/**
 * True when a rule grants `verb` on `resource` (`pods`, `pods/exec`) in `group`.
 * ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export function ruleAllows(rule: PolicyRule, verb: string, resource: string, group?: string): boolean {
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(verb)
  if (!verbOk) return false
  const wildcard = wildcardOf(resource)
  let resOk = false
  for (const r of rule.resources) {
    if (r === '*' || r === resource || r === wildcard) {
      resOk = true
      break
    }
  }
  const groupOk = group === undefined || rule.apiGroups.includes('*') || rule.apiGroups.includes(group)
  return verbOk && resOk && groupOk
}

const WILDCARDS = new Map<string, string>()

// `pods/*` for a subresource `pods/exec`, `*/pods` for a resource `pods` (built once per resource)
function wildcardOf(resource: string): string {
  let w = WILDCARDS.get(resource)
  if (w === undefined) {
    const [res, sub] = resource.split('/')
    w = sub !== undefined ? `${res}/*` : `*/${res}`
    if (WILDCARDS.size < 1000) WILDCARDS.set(resource, w)
  }
  return w
}

/** True when a rule grants the verb on the resource, by name or by wildcard. */
export function ruleGrantsExplicitly(rule: PolicyRule, verb: string, resource: string): boolean {
  return ruleAllows(rule, verb, resource)
}

/** A subject of a binding. */
export interface Subject {
  readonly kind: string
  readonly name: string
  readonly namespace?: string
}

/** The subjects of a RoleBinding or ClusterRoleBinding. */
export function subjectsOf(binding: K8sObject): Subject[] {
  return arr(binding.raw, 'subjects')
    .filter(isRecord)
    .map((s) => {
      const ns = str(s, 'namespace')
      return { kind: str(s, 'kind') ?? '', name: str(s, 'name') ?? '', ...(ns !== undefined ? { namespace: ns } : {}) }
    })
}

/** The roleRef of a binding. */
export function roleRefOf(binding: K8sObject): { kind: string; name: string } {
  const r = rec(binding.raw, 'roleRef')
  return { kind: str(r, 'kind') ?? '', name: str(r, 'name') ?? '' }
}

/** The rules of a ClusterRole including those aggregated into it by label selectors. */
export function effectiveClusterRoleRules(role: K8sObject, all: readonly K8sObject[], selects: (sel: Record<string, unknown>, labels: Readonly<Record<string, string>>) => boolean): PolicyRule[] {
  const own = rulesOf(role)
  const selectors = arr(rec(role.raw, 'aggregationRule'), 'clusterRoleSelectors').filter(isRecord)
  if (selectors.length === 0) return own
  // a new list: the role's own rules are cached and shared
  const out = [...own]
  for (const other of all) {
    if (other.kind !== 'ClusterRole' || other === role) continue
    if (selectors.some((s) => selects(s, other.labels))) out.push(...rulesOf(other))
  }
  return out
}
