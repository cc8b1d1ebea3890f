import { arr, isRecord, rec, str, stringMap, type Json, type K8sObject } from './object.js'
import { fieldPath } from './pointer.js'

/** Every kind that carries a pod spec, and where its pod template lives. */
export const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
}

/** The pod-bearing kinds. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS)

/** Which list of the pod spec a container came from. */
export type ContainerType = 'container' | 'initContainer' | 'ephemeralContainer'

const LISTS: readonly [string, ContainerType][] = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
]

/** One container with its own fields and the security settings in effect (pod level overridden). */
export interface Container {
  readonly name: string
  readonly type: ContainerType
  /** How messages name it: `container "web"`, `initContainer "setup"`. */
  readonly label: string
  /** Field path of the container (`spec.template.spec.containers[0]`). */
  readonly path: string
  readonly raw: Json
  readonly image: string
  readonly securityContext: Json | undefined
  /** Effective value and the path where it is (or should be) set. */
  readonly effective: {
    readonly runAsNonRoot?: boolean
    readonly runAsUser?: number
    readonly runAsGroup?: number
    readonly seccompProfile?: Json
    readonly seLinuxOptions?: Json
    readonly appArmorProfile?: Json
    /** Where each effective field came from: the container's or the pod's securityContext path. */
    readonly from: Readonly<Record<string, string>>
  }
}

/** The one model of every pod-bearing object. */
export interface Workload {
  readonly object: K8sObject
  /** Field path of the pod spec inside the object. */
  readonly podPath: string
  /** Field path of the pod template metadata (`metadata` for a Pod). */
  readonly podMetaPath: string
  readonly podSpec: Json
  readonly podLabels: Readonly<Record<string, string>>
  readonly podAnnotations: Readonly<Record<string, string>>
  readonly podSecurityContext: Json | undefined
  /** All containers: regular, init and ephemeral. */
  readonly containers: readonly Container[]
  readonly volumes: readonly Json[]
}

const SEGMENTS = new Map<string, readonly string[]>()

function at(raw: Json, path: string): Json | undefined {
  let keys = SEGMENTS.get(path)
  if (!keys) {
    keys = path.split('.')
    SEGMENTS.set(path, keys) // only the few pod spec and template paths
  }
  let cur: unknown = raw
  for (const k of keys) cur = rec(cur, k)
  return isRecord(cur) ? cur : undefined
}

const INHERITED = ['runAsNonRoot', 'runAsUser', 'runAsGroup', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile'] as const

// `.securityContext.runAsNonRoot` and the like
const IN_SECURITY_CONTEXT: Readonly<Record<string, string>> = Object.fromEntries(INHERITED.map((k) => [k, `.securityContext.${k}`]))

function effectiveOf(sc: Json | undefined, podSc: Json | undefined, path: string, podPath: string): Container['effective'] {
  const out: Record<string, unknown> = {}
  const from: Record<string, string> = {}
  for (const k of INHERITED) {
    const suffix = IN_SECURITY_CONTEXT[k] as string
    if (sc && sc[k] !== undefined && sc[k] !== null) {
      out[k] = sc[k]
      from[k] = fieldPath(path, suffix)
    } else if (podSc && podSc[k] !== undefined && podSc[k] !== null) {
      out[k] = podSc[k]
      from[k] = fieldPath(podPath, suffix)
    } else from[k] = fieldPath(path, suffix)
  }
  out.from = from
  return out as Container['effective']
}

// the entries that are mappings: the list itself when all are (it is only read)
function records(list: readonly unknown[]): readonly Json[] {
  return list.every(isRecord) ? (list as readonly Json[]) : list.filter(isRecord)
}

const NO_CONTAINERS: readonly Container[] = Object.freeze([])

const ITEM_SUFFIXES = new Map<string, string[]>()

// `.containers[2]`, one string per list and index
function itemSuffix(list: string, i: number): string {
  let suffixes = ITEM_SUFFIXES.get(list)
  if (!suffixes) {
    suffixes = []
    ITEM_SUFFIXES.set(list, suffixes)
  }
  return (suffixes[i] ??= `.${list}[${i}]`)
}

/** The workload model of a pod-bearing object, or undefined for any other kind. */
export function toWorkload(object: K8sObject): Workload | undefined {
  const podPath = POD_SPEC_PATHS[object.kind]
  if (!podPath) return undefined
  const podSpec = at(object.raw, podPath)
  if (!podSpec) return undefined
  const podMetaPath = podPath === 'spec' ? 'metadata' : `${podPath.slice(0, -'.spec'.length)}.metadata`
  const podMeta = at(object.raw, podMetaPath)
  const podSc = rec(podSpec, 'securityContext')
  let containers: Container[] | undefined
  for (const [list, type] of LISTS) {
    const items = arr(podSpec, list)
    if (items.length === 0) continue
    items.forEach((c, i) => {
      if (!isRecord(c)) return
      const path = fieldPath(podPath, itemSuffix(list, i))
      const sc = rec(c, 'securityContext')
      const name = str(c, 'name') ?? `#${i}`
      const container: Container = {
        name,
        type,
        // one string shared by every message about the container
        label: `${type} "${name}"`,
        path,
        raw: c,
        image: str(c, 'image') ?? '',
        securityContext: sc,
        effective: effectiveOf(sc, podSc, path, podPath),
      }
      // most pods have one container: a list of exactly that, not one with room for 17
      if (containers) containers.push(container)
      else containers = [container]
    })
  }
  return {
    object,
    podPath,
    podMetaPath,
    podSpec,
    podLabels: stringMap(podMeta?.labels),
    podAnnotations: stringMap(podMeta?.annotations),
    podSecurityContext: podSc,
    containers: containers ?? NO_CONTAINERS,
    volumes: records(arr(podSpec, 'volumes')),
  }
}
