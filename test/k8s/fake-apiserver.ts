import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import jsyaml from 'js-yaml'

/**
 * A recorded-response Kubernetes API server on 127.0.0.1: discovery (/version, /api, /apis,
 * APIResourceList per group version) and List responses in the real wire format (items without
 * kind/apiVersion, metadata.continue paging), behind bearer-token auth. It serves whatever objects
 * a YAML file holds, so the client code path is the one a live cluster exercises.
 * ref: https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
export interface FakeApiServer {
  readonly url: string
  readonly token: string
  readonly requests: string[]
  close(): Promise<void>
}

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>

// [groupVersion, plural, kind, namespaced, shortNames, verbs]
const RESOURCES: readonly (readonly [string, string, string, boolean, string[]])[] = [
  ['v1', 'namespaces', 'Namespace', false, ['ns']],
  ['v1', 'pods', 'Pod', true, ['po']],
  ['v1', 'services', 'Service', true, ['svc']],
  ['v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']],
  ['v1', 'limitranges', 'LimitRange', true, ['limits']],
  ['v1', 'resourcequotas', 'ResourceQuota', true, ['quota']],
  ['v1', 'replicationcontrollers', 'ReplicationController', true, ['rc']],
  ['v1', 'secrets', 'Secret', true, []],
  ['apps/v1', 'deployments', 'Deployment', true, ['deploy']],
  ['apps/v1', 'statefulsets', 'StatefulSet', true, ['sts']],
  ['apps/v1', 'daemonsets', 'DaemonSet', true, ['ds']],
  ['apps/v1', 'replicasets', 'ReplicaSet', true, ['rs']],
  ['batch/v1', 'jobs', 'Job', true, []],
  ['batch/v1', 'cronjobs', 'CronJob', true, ['cj']],
  ['networking.k8s.io/v1', 'ingresses', 'Ingress', true, ['ing']],
  ['networking.k8s.io/v1', 'networkpolicies', 'NetworkPolicy', true, ['netpol']],
  ['rbac.authorization.k8s.io/v1', 'roles', 'Role', true, []],
  ['rbac.authorization.k8s.io/v1', 'rolebindings', 'RoleBinding', true, []],
  ['rbac.authorization.k8s.io/v1', 'clusterroles', 'ClusterRole', false, []],
  ['rbac.authorization.k8s.io/v1', 'clusterrolebindings', 'ClusterRoleBinding', false, []],
]
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const PAGE = 2

function resourceList(gv: string): object {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: RESOURCES.filter((r) => r[0] === gv).flatMap(([, name, kind, namespaced, shortNames]) => [
      { name, singularName: kind.toLowerCase(), namespaced, kind, verbs: VERBS, ...(shortNames.length ? { shortNames } : {}), storageVersionHash: 'aGVsbG8=' },
      { name: `${name}/status`, singularName: '', namespaced, kind, verbs: ['get', 'patch', 'update'] },
    ]),
  }
}

function groupList(): object {
  const groups = [...new Set(RESOURCES.map((r) => r[0]).filter((gv) => gv.includes('/')))]
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((gv) => {
      const [name, version] = gv.split('/')
      return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } }
    }),
  }
}

function list(objects: readonly Obj[], gv: string, kind: string, ns: string | undefined, url: URL): object {
  const all = objects.filter((o) => o.apiVersion === gv && o.kind === kind && (ns === undefined || o.metadata.namespace === ns))
  const start = Number(url.searchParams.get('continue') ?? '0')
  const limit = Math.min(Number(url.searchParams.get('limit') ?? '500'), PAGE)
  const page = all.slice(start, start + limit)
  const next = start + limit < all.length ? String(start + limit) : undefined
  // List items carry neither kind nor apiVersion on the wire
  const items = page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest)
  return { kind: `${kind}List`, apiVersion: gv, metadata: { resourceVersion: '12345', ...(next ? { continue: next } : {}) }, items }
}

function route(objects: readonly Obj[], url: URL): object | undefined {
  const p = url.pathname
  if (p === '/version') return { major: '1', minor: '30', gitVersion: 'v1.30.2', gitCommit: '39683505b630ff2121012f3c5b16215a1449d5ed', gitTreeState: 'clean', buildDate: '2024-06-11T20:21:00Z', goVersion: 'go1.22.4', compiler: 'gc', platform: 'linux/amd64' }
  if (p === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] }
  if (p === '/apis') return groupList()
  if (p === '/api/v1') return resourceList('v1')
  const gvm = /^\/apis\/([^/]+\/[^/]+)$/.exec(p)
  if (gvm?.[1]) return resourceList(gvm[1])
  const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(p)
  if (!m) return undefined
  const gv = m[1] ?? m[2] ?? ''
  const r = RESOURCES.find((x) => x[0] === gv && x[1] === m[4])
  if (!r) return undefined
  return list(objects, gv, r[2], m[3], url)
}

/** Starts the server with the objects of a multi-document YAML file. */
export async function startFakeApiServer(objectsFile: string): Promise<FakeApiServer> {
  const objects = jsyaml.loadAll(readFileSync(objectsFile, 'utf8')).filter(Boolean) as Obj[]
  const token = 'bulwark-test-token'
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url.pathname + url.search)
    res.setHeader('content-type', 'application/json')
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.statusCode = 401
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }))
      return
    }
    const body = route(objects, url)
    if (!body) {
      res.statusCode = 404
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }))
      return
    }
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A kubeconfig for the fake server with a bearer token, as kubectl writes one. */
export function kubeconfigFor(s: FakeApiServer): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    server: ${s.url}`,
    // plain HTTP on loopback: client-node accepts http:// only with this set
    '    insecure-skip-tls-verify: true',
    '  name: fake',
    'contexts:',
    '- context:',
    '    cluster: fake',
    '    user: tester',
    '  name: fake',
    'current-context: fake',
    'users:',
    '- name: tester',
    '  user:',
    `    token: ${s.token}`,
    '',
  ].join('\n')
}
