import { arr, isRecord, rec, str, type Container, type Json, type Workload } from '../../k8s/index.js'
import { append, onWorkload, PASS, type Check, type Violation } from '../check.js'

/** Kubernetes documentation pages checks cite. */
export const REF = {
  pss: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  securityContext: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  probes: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  resources: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
  netpol: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  service: 'https://kubernetes.io/docs/concepts/services-networking/service/',
  images: 'https://kubernetes.io/docs/concepts/containers/images/',
  rbac: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  hostPath: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  limitRange: 'https://kubernetes.io/docs/concepts/policy/limit-range/',
  quota: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
} as const

const CAP_PREFIX = /^CAP_/

/** Capability names without the CAP_ prefix, upper-case. */
export function capName(c: unknown): string {
  return String(c).toUpperCase().replace(CAP_PREFIX, '')
}

/** The capabilities a container adds and drops. */
export function capabilities(c: Container): { add: string[]; drop: string[] } {
  const caps = rec(c.securityContext, 'capabilities')
  return { add: arr(caps, 'add').map(capName), drop: arr(caps, 'drop').map(capName) }
}

/** Regular and init containers (ephemeral containers take no probes or resources). */
export function runtimeContainers(w: Workload): readonly Container[] {
  // most workloads have none: the model's own list, not a copy
  return w.containers.some((c) => c.type === 'ephemeralContainer') ? w.containers.filter((c) => c.type !== 'ephemeralContainer') : w.containers
}

/**
 * A check of each container of a workload (or of those `select` picks): `f` is made once, not
 * per workload.
 */
export function eachContainer(f: (c: Container) => Violation | undefined, select: (w: Workload) => readonly Container[] = allContainers): Check['check'] {
  return onWorkload((w) => perContainer(select(w), f))
}

function allContainers(w: Workload): readonly Container[] {
  return w.containers
}

/** The violations `f` finds in each container, in container order (PASS when none). */
export function perContainer(containers: readonly Container[], f: (c: Container) => Violation | undefined): readonly Violation[] {
  let out: Violation[] | undefined
  for (const c of containers) {
    const v = f(c)
    if (v) out = append(out, v)
  }
  return out ?? PASS
}

/** The parts of an image reference; a registry port is not a tag. */
export interface ImageRef {
  readonly registry: string
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
}

// ref: https://github.com/distribution/reference (grammar: [domain/]path[:tag][@digest])
/** Parses an image reference as the container runtime does. */
export function parseImageRef(image: string): ImageRef {
  const at = image.indexOf('@')
  const digest = at >= 0 ? image.slice(at + 1) : undefined
  const name = at >= 0 ? image.slice(0, at) : image
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  const tag = colon > slash ? name.slice(colon + 1) : undefined
  const repoPart = colon > slash ? name.slice(0, colon) : name
  const firstSlash = repoPart.indexOf('/')
  const first = firstSlash < 0 ? repoPart : repoPart.slice(0, firstSlash)
  const hasDomain = repoPart.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')
  const registry = hasDomain ? first : 'docker.io'
  const repository = hasDomain ? repoPart.slice(first.length + 1) : repoPart
  // absent parts are left out, not set to undefined
  if (tag === undefined) return digest === undefined ? { registry, repository } : { registry, repository, digest }
  return digest === undefined ? { registry, repository, tag } : { registry, repository, tag, digest }
}

/** True when a label selector (matchLabels + matchExpressions) selects the labels. */
export function selects(selector: Json | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false
  const ml = rec(selector, 'matchLabels') ?? {}
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false
  for (const e of arr(selector, 'matchExpressions')) {
    const key = str(e, 'key') ?? ''
    const values = arr(e, 'values').map(String)
    const has = Object.hasOwn(labels, key)
    const op = str(e, 'operator')
    if (op === 'In' && !(has && values.includes(labels[key] ?? ''))) return false
    if (op === 'NotIn' && has && values.includes(labels[key] ?? '')) return false
    if (op === 'Exists' && !has) return false
    if (op === 'DoesNotExist' && has) return false
  }
  return true
}

/** The volumeMounts of all containers that mount a volume, with whether each is read-only. */
export function mountsOf(w: Workload, volume: string): { container: Container; readOnly: boolean }[] {
  const out: { container: Container; readOnly: boolean }[] = []
  for (const c of w.containers) {
    for (const m of arr(c.raw, 'volumeMounts')) {
      if (isRecord(m) && m.name === volume) out.push({ container: c, readOnly: m.readOnly === true })
    }
  }
  return out
}

const ODD_PATH = /\/\/|\/\.\.?(?:\/|$)|.\/$/

/** Normalizes a host path: no trailing slash, no duplicate slashes, no `.` segments. */
export function normalizePath(p: string): string {
  // already normal (absolute, no empty, `.` or `..` segment, no trailing slash): as it is
  if (p.startsWith('/') && !ODD_PATH.test(p)) return p
  const parts: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') parts.pop()
    else parts.push(seg)
  }
  return `/${parts.join('/')}`
}
