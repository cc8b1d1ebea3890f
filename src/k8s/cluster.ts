import http from 'node:http'
import https from 'node:https'
import { ExternalError, UserError } from '../core/index.js'
import { arr, isRecord, rec, str, type Json } from './object.js'

/** How to reach a cluster: a kubeconfig file, an optional context, an optional namespace selection. */
export interface ClusterOptions {
  readonly kubeconfig: string
  readonly context?: string
  readonly namespaces?: readonly string[]
  readonly timeoutMs?: number
}

/** The resources an audit reads: group, version, plural, kind. */
export const AUDIT_RESOURCES: readonly (readonly [string, string, string, string])[] = [
  ['', 'v1', 'namespaces', 'Namespace'],
  ['', 'v1', 'pods', 'Pod'],
  ['', 'v1', 'services', 'Service'],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount'],
  ['', 'v1', 'limitranges', 'LimitRange'],
  ['', 'v1', 'resourcequotas', 'ResourceQuota'],
  ['', 'v1', 'replicationcontrollers', 'ReplicationController'],
  ['apps', 'v1', 'deployments', 'Deployment'],
  ['apps', 'v1', 'statefulsets', 'StatefulSet'],
  ['apps', 'v1', 'daemonsets', 'DaemonSet'],
  ['apps', 'v1', 'replicasets', 'ReplicaSet'],
  ['batch', 'v1', 'jobs', 'Job'],
  ['batch', 'v1', 'cronjobs', 'CronJob'],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress'],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role'],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole'],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding'],
]

type Getter = (path: string) => Promise<Json>

async function connect(opts: ClusterOptions): Promise<Getter> {
  // loaded only when a cluster is read: the client is hundreds of modules a file audit never needs
  const { KubeConfig } = await import('@kubernetes/client-node')
  const kc = new KubeConfig()
  try {
    kc.loadFromFile(opts.kubeconfig)
    if (opts.context) kc.setCurrentContext(opts.context)
  } catch (err) {
    throw new UserError('CONFIG_INVALID', `kubeconfig ${opts.kubeconfig}: ${(err as Error).message}`, { cause: err })
  }
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new UserError('CONFIG_INVALID', `kubeconfig ${opts.kubeconfig}: no current cluster`)
  const base = new URL(cluster.server)
  const reqOpts: https.RequestOptions = {}
  try {
    await kc.applyToHTTPSOptions(reqOpts)
  } catch (err) {
    throw new UserError('CONFIG_INVALID', `kubeconfig ${opts.kubeconfig}: ${(err as Error).message}`, { cause: err })
  }
  const client = base.protocol === 'http:' ? http : https
  return (path) =>
    new Promise<Json>((resolve, reject) => {
      const url = new URL(path, base)
      const req = client.request(url, { ...reqOpts, method: 'GET', headers: { ...reqOpts.headers, accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          if ((res.statusCode ?? 0) >= 300) {
            reject(new ExternalError('KUBE_API_ERROR', `GET ${url.pathname}: HTTP ${res.statusCode} ${body.slice(0, 200)}`))
            return
          }
          try {
            const v: unknown = JSON.parse(body)
            if (!isRecord(v)) throw new Error('not a JSON object')
            resolve(v)
          } catch (err) {
            reject(new ExternalError('KUBE_API_ERROR', `GET ${url.pathname}: bad JSON`, { cause: err }))
          }
        })
      })
      req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new ExternalError('TIMEOUT', `GET ${url.pathname}: timed out`)))
      req.on('error', (err) =>
        reject(err instanceof ExternalError ? err : new ExternalError('KUBE_API_ERROR', `GET ${url.pathname}: ${err.message}`, { cause: err })),
      )
      req.end()
    })
}

/** Reads discovery: which group versions serve which resources, and whether they are namespaced. */
async function discover(get: Getter): Promise<Map<string, Json>> {
  const served = new Map<string, Json>()
  const groupVersions = ['v1']
  const apis = await get('/apis')
  for (const g of arr(apis, 'groups')) for (const v of arr(g, 'versions')) groupVersions.push(str(v, 'groupVersion') ?? '')
  const wanted = new Set(AUDIT_RESOURCES.map(([g, v]) => (g ? `${g}/${v}` : v)))
  for (const gv of groupVersions.filter((x) => wanted.has(x))) {
    const list = await get(gv === 'v1' ? '/api/v1' : `/apis/${gv}`)
    for (const r of arr(list, 'resources')) {
      const name = str(r, 'name')
      if (name && isRecord(r) && !name.includes('/')) served.set(`${gv}/${name}`, r)
    }
  }
  return served
}

async function listAll(get: Getter, path: string, apiVersion: string, kind: string): Promise<Json[]> {
  const items: Json[] = []
  let cont: string | undefined
  do {
    const q = `?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`
    const page = await get(path + q)
    // ref: https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
    for (const it of arr(page, 'items')) if (isRecord(it)) items.push({ apiVersion, kind, ...it })
    cont = str(rec(page, 'metadata'), 'continue') || undefined
  } while (cont)
  return items
}

/**
 * Reads every audited resource from a live cluster (or anything that speaks its API) through a
 * kubeconfig, as a `v1 List` in the shape `kubectl get -o json` prints, with server version.
 * ref: https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
export async function fetchClusterSnapshot(opts: ClusterOptions): Promise<Json> {
  const get = await connect(opts)
  const version = await get('/version')
  const served = await discover(get)
  const items: Json[] = []
  const selected = opts.namespaces && opts.namespaces.length > 0 ? opts.namespaces : undefined
  for (const [group, ver, plural, kind] of AUDIT_RESOURCES) {
    const gv = group ? `${group}/${ver}` : ver
    const res = served.get(`${gv}/${plural}`)
    if (!res) continue
    const prefix = group ? `/apis/${gv}` : '/api/v1'
    if (res.namespaced === true && selected) {
      for (const ns of selected) items.push(...(await listAll(get, `${prefix}/namespaces/${encodeURIComponent(ns)}/${plural}`, gv, kind)))
      continue
    }
    const all = await listAll(get, `${prefix}/${plural}`, gv, kind)
    items.push(...(kind === 'Namespace' && selected ? all.filter((n) => selected.includes(str(rec(n, 'metadata'), 'name') ?? '')) : all))
  }
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, serverVersion: version, items }
}
