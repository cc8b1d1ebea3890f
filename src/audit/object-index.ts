import { rec, str, type K8sObject } from '../k8s/index.js'

/** Lookups across all audited objects that checks need (namespaces, policies, RBAC roles). */
export interface ObjectIndex {
  readonly all: readonly K8sObject[]
  byKind(kind: string): readonly K8sObject[]
  inNamespace(kind: string, namespace: string): readonly K8sObject[]
  namespace(name: string): K8sObject | undefined
}

/** The namespace an object lives in for grouping ("default" when a namespaced object names none). */
export function namespaceOf(o: K8sObject): string | undefined {
  if (CLUSTER_SCOPED.has(o.kind)) return undefined
  return o.namespace ?? 'default'
}

/** Kinds without a namespace. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'IngressClass',
  'RuntimeClass',
])

/** Indexes objects by kind and namespace once per audit. */
export function createObjectIndex(objects: readonly K8sObject[]): ObjectIndex {
  const kinds = new Map<string, K8sObject[]>()
  const nsKinds = new Map<string, K8sObject[]>()
  for (const o of objects) {
    const k = kinds.get(o.kind) ?? []
    k.push(o)
    kinds.set(o.kind, k)
    const ns = namespaceOf(o)
    if (ns === undefined) continue
    const key = `${o.kind}\u0000${ns}`
    const list = nsKinds.get(key) ?? []
    list.push(o)
    nsKinds.set(key, list)
  }
  const namespaces = new Map((kinds.get('Namespace') ?? []).map((n) => [n.name, n]))
  return {
    all: objects,
    byKind: (kind) => kinds.get(kind) ?? [],
    inNamespace: (kind, ns) => nsKinds.get(`${kind}\u0000${ns}`) ?? [],
    namespace: (name) => namespaces.get(name),
  }
}

/** The `metadata.uid` or identity of an object, for owner lookups. */
export function identity(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`
}

/** The controller owner reference of an object, if any. */
export function controllerOf(o: K8sObject): { kind: string; name: string } | undefined {
  const refs = rec(o.raw, 'metadata')?.ownerReferences
  if (!Array.isArray(refs)) return undefined
  for (const r of refs) {
    const kind = str(r, 'kind')
    const name = str(r, 'name')
    if (kind && name && (r as { controller?: unknown }).controller !== false) return { kind, name }
  }
  return undefined
}
