import { attackRef } from '../../core/index.js'
import { arr, fieldPath, isRecord, rec, str, WORKLOAD_KINDS, type Json, type K8sObject, type Workload } from '../../k8s/index.js'
import { append, defineCheck, onWorkload, PASS, violation, type Check, type Violation } from '../check.js'
import { mountsOf, normalizePath, REF } from './internal.js'

function hostFlag(id: string, slug: string, field: 'hostPID' | 'hostIPC' | 'hostNetwork', severity: Check['severity'], rationale: string): Check {
  return defineCheck({
    id, slug, title: `Pod shares the host ${field.slice(4)} namespace (${field})`, category: 'security',
    severity, kinds: WORKLOAD_KINDS, rationale,
    remediation: `Remove spec.${field} or set it to false.`,
    references: [`${REF.pss}#baseline`], attack: attackRef(field === 'hostNetwork' ? 'network-scan' : 'privileged-container-escape'),
    check: onWorkload((w) => (w.podSpec[field] === true ? [violation(`pod sets ${field}: true`, { path: `${w.podPath}.${field}` })] : PASS)),
  })
}

/** K8S-009. */
export const hostPid = hostFlag('K8S-009', 'host-pid', 'hostPID', 'high',
  'hostPID shows every process on the node and, with ptrace or /proc, lets the pod read their memory and environment.')
/** K8S-010. */
export const hostIpc = hostFlag('K8S-010', 'host-ipc', 'hostIPC', 'high',
  'hostIPC shares the node System V IPC and POSIX shared memory with the pod.')
/** K8S-011. */
export const hostNetwork = hostFlag('K8S-011', 'host-network', 'hostNetwork', 'high',
  'hostNetwork puts the pod on the node network stack: it bypasses NetworkPolicy and can reach node-local services.')

/** K8S-012. */
export const hostPort = defineCheck({
  id: 'K8S-012', slug: 'host-port', title: 'Container binds a host port', category: 'network',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'A hostPort exposes the container on the node address, outside Services and NetworkPolicy.',
  remediation: 'Remove ports[].hostPort and expose the pod through a Service.',
  references: [`${REF.pss}#baseline`], attack: attackRef('access-nodeport'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const c of w.containers) {
      const ports = arr(c.raw, 'ports')
      for (let i = 0; i < ports.length; i++) {
        const port = ports[i]
        const hp = isRecord(port) ? port.hostPort : undefined
        if (typeof hp === 'number' && hp !== 0) out = append(out, violation(`${c.label} binds host port ${hp}`, { path: `${c.path}.ports[${i}].hostPort`, evidence: String(hp) }))
      }
    }
    return out ?? PASS
  }),
})

const SENSITIVE = ['/etc', '/proc', '/sys', '/root', '/home', '/var/log', '/var/lib/kubelet', '/var/lib/docker', '/boot', '/dev', '/var/lib/containerd']
const SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'dockershim.sock', 'cri-dockerd.sock', 'podman.sock']
const SOCKET_DIRS = ['/var/run', '/run', '/var/run/docker', '/run/containerd', '/var/run/containerd', '/var/run/crio', '/run/crio']
// `/docker.sock` and `/etc/`: the forms paths are compared with, built once
const SOCKET_ENDS = SOCKETS.map((s) => `/${s}`)
const SENSITIVE_DIRS = SENSITIVE.map((s) => `${s}/`)

function isSocketPath(p: string): boolean {
  for (const s of SOCKET_ENDS) if (p.endsWith(s)) return true
  return SOCKET_DIRS.includes(p)
}

interface HostPath {
  readonly name: string
  readonly path: string
  readonly index: number
}

const NO_HOST_PATHS: readonly HostPath[] = Object.freeze([])

function isSensitive(p: string): boolean {
  if (p === '/' || SENSITIVE.includes(p)) return true
  for (const d of SENSITIVE_DIRS) if (p.startsWith(d)) return true
  return false
}

function hostPaths(w: Workload): readonly HostPath[] {
  let out: HostPath[] | undefined
  for (let index = 0; index < w.volumes.length; index++) {
    const v = w.volumes[index] as Json
    if (v.hostPath === undefined) continue
    const p = str(rec(v, 'hostPath'), 'path')
    if (p === undefined) continue
    const hp = { name: str(v, 'name') ?? '', path: normalizePath(p), index }
    if (out) out.push(hp)
    else out = [hp]
  }
  return out ?? NO_HOST_PATHS
}

function writable(w: Workload, volume: string): boolean {
  const m = mountsOf(w, volume)
  return m.length === 0 || m.some((x) => !x.readOnly)
}

/** K8S-016. */
export const sensitiveHostPath = defineCheck({
  id: 'K8S-016', slug: 'sensitive-host-path', title: 'Sensitive host directory mounted', category: 'security',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'Host directories such as /, /etc, /proc, /var/lib/kubelet or /var/lib/docker give access to node credentials, other pods\' data and a path to root on the node.',
  remediation: 'Remove the hostPath volume; use a ConfigMap, Secret, emptyDir or a PersistentVolumeClaim instead.',
  references: [REF.hostPath, `${REF.pss}#baseline`], attack: attackRef('mounted-directory-escape'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const v of hostPaths(w)) {
      if (isSocketPath(v.path)) continue
      if (!isSensitive(v.path)) continue
      const rw = writable(w, v.name)
      out = append(out, violation(`volume "${v.name}" mounts host path ${v.path}${rw ? ' writable' : ' read-only'}`, {
        path: `${w.podPath}.volumes[${v.index}].hostPath.path`, evidence: v.path, severity: rw ? 'critical' : 'high',
      }))
    }
    return out ?? PASS
  }),
})

/** K8S-017. */
export const runtimeSocket = defineCheck({
  id: 'K8S-017', slug: 'container-runtime-socket', title: 'Container runtime socket mounted', category: 'security',
  severity: 'critical', kinds: WORKLOAD_KINDS,
  rationale: 'Whoever reaches docker.sock, containerd.sock or crio.sock can start a privileged container on the node: it is root on the node, read-only mount or not.',
  remediation: 'Remove the hostPath volume of the runtime socket (or of /var/run, /run that hold it).',
  references: [REF.hostPath], attack: attackRef('docker-sock-escape'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const v of hostPaths(w)) {
      if (isSocketPath(v.path)) out = append(out, violation(`volume "${v.name}" mounts the container runtime socket path ${v.path}`, { path: `${w.podPath}.volumes[${v.index}].hostPath.path`, evidence: v.path }))
    }
    return out ?? PASS
  }),
})

/** K8S-015. */
export const automountToken = defineCheck({
  id: 'K8S-015', slug: 'automount-service-account-token', title: 'Service account token mounted automatically', category: 'security',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'A mounted API token lets anyone who gets code execution in the pod talk to the API server as its service account.',
  remediation: 'Set automountServiceAccountToken: false on the pod (or its ServiceAccount) unless it calls the API.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
  attack: attackRef('service-account-token-leaked'),
  check: (s, ctx) => {
    const w = s.workload
    if (!w) return 'skip'
    const v = w.podSpec.automountServiceAccountToken
    if (v === false) return PASS
    const saName = str(w.podSpec, 'serviceAccountName') ?? str(w.podSpec, 'serviceAccount') ?? 'default'
    const ns = s.object.namespace ?? 'default'
    let sa: K8sObject | undefined
    for (const o of ctx.index.inNamespace('ServiceAccount', ns)) {
      if (o.name === saName) {
        sa = o
        break
      }
    }
    if (v === undefined && sa?.raw.automountServiceAccountToken === false) return PASS
    return [violation(`pod mounts the token of service account "${saName}"`, { path: fieldPath(w.podPath, '.automountServiceAccountToken') })]
  },
})

// `$(OTHER_VAR)`: a reference to another variable, not a literal
const ENV_REFERENCE = /^\$\(.+\)$/
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH_KEY)/i
// values that are secrets whatever the variable is called: PEM private keys, AWS access key ids
const SECRET_VALUE = /PRIVATE KEY|\bAKIA[0-9A-Z]{16}\b/

/** K8S-018. */
export const secretInEnv = defineCheck({
  id: 'K8S-018', slug: 'secret-in-env', title: 'Secret value written literally in env', category: 'security',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'A literal secret in a manifest is readable by anyone who can read the object, its history or the repository.',
  remediation: 'Move the value into a Secret and reference it with valueFrom.secretKeyRef.',
  references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
  attack: attackRef('app-credentials-leaked'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const c of w.containers) {
      arr(c.raw, 'env').forEach((e, i) => {
        if (!isRecord(e)) return
        const name = str(e, 'name') ?? ''
        const value = e.value
        if (typeof value !== 'string' || value === '' || ENV_REFERENCE.test(value)) return
        if (!SECRET_NAME.test(name) && !SECRET_VALUE.test(value)) return
        out = append(out, violation(`${c.label} sets ${name} to a literal value`, {
          path: `${c.path}.env[${i}].value`, evidence: `${name}=${value.slice(0, 2)}${'*'.repeat(6)}`,
        }))
      })
    }
    return out ?? PASS
  }),
})
