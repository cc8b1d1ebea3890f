import { arr, fieldPath, isRecord, rec, str, type Json, type Workload } from '../k8s/index.js'
import { SAFE_SYSCTLS } from './checks/security.js'

/** Pod Security Standards levels, least to most restrictive. */
export const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const
export type PssLevel = (typeof PSS_LEVELS)[number]

/** One control a workload fails, with the field path that fails it. */
export interface PssFailure {
  readonly level: 'baseline' | 'restricted'
  readonly control: string
  readonly path: string
  readonly detail: string
}

/** The PSS verdict of one workload: the highest level it meets, and every failing control. */
export interface PssResult {
  readonly level: PssLevel
  readonly failures: readonly PssFailure[]
}

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'])
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'])
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'])

function fail(out: PssFailure[], level: PssFailure['level'], control: string, path: string, detail: string): void {
  out.push({ level, control, path, detail })
}

const CAP_PREFIX = /^CAP_/

const NO_CAPS: readonly string[] = Object.freeze([])

function capsOf(sc: Json | undefined, key: 'add' | 'drop'): readonly string[] {
  if (sc?.capabilities === undefined) return NO_CAPS
  return arr(rec(sc, 'capabilities'), key).map((c) => String(c).toUpperCase().replace(CAP_PREFIX, ''))
}

function seLinux(opts: unknown, path: string, out: PssFailure[]): void {
  if (!isRecord(opts)) return
  const type = str(opts, 'type')
  if (type !== undefined && !SELINUX_TYPES.has(type)) fail(out, 'baseline', 'SELinux', `${path}.type`, `seLinuxOptions.type ${type}`)
  for (const k of ['user', 'role'] as const) {
    const v = str(opts, k)
    if (v !== undefined && v !== '') fail(out, 'baseline', 'SELinux', `${path}.${k}`, `seLinuxOptions.${k} ${v}`)
  }
}

// the first field of a volume other than its name: its source type
function volumeType(v: Json): string | undefined {
  for (const k in v) if (k !== 'name') return k
  return undefined
}

function podLevel(w: Workload, out: PssFailure[]): void {
  const p = w.podPath
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (w.podSpec[f] === true) fail(out, 'baseline', 'Host Namespaces', `${p}.${f}`, `${f}: true`)
  const psc = w.podSecurityContext
  if (rec(psc, 'windowsOptions')?.hostProcess === true) fail(out, 'baseline', 'HostProcess', fieldPath(p, '.securityContext.windowsOptions.hostProcess'), 'hostProcess: true')
  if (str(rec(psc, 'seccompProfile'), 'type') === 'Unconfined') fail(out, 'baseline', 'Seccomp', fieldPath(p, '.securityContext.seccompProfile.type'), 'Unconfined')
  if (str(rec(psc, 'appArmorProfile'), 'type') === 'Unconfined') fail(out, 'baseline', 'AppArmor', fieldPath(p, '.securityContext.appArmorProfile.type'), 'Unconfined')
  seLinux(rec(psc, 'seLinuxOptions'), fieldPath(p, '.securityContext.seLinuxOptions'), out)
  arr(psc, 'sysctls').forEach((s, i) => {
    const name = str(s, 'name') ?? ''
    if (!SAFE_SYSCTLS.has(name)) fail(out, 'baseline', 'Sysctls', `${p}.securityContext.sysctls[${i}].name`, name)
  })
  const annotations = w.podAnnotations
  for (const k in annotations) {
    const v = annotations[k] as string
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !v.startsWith('localhost/')) {
      fail(out, 'baseline', 'AppArmor', `${w.podMetaPath}.annotations`, `${k}: ${v}`)
    }
  }
  w.volumes.forEach((v, i) => {
    if (v.hostPath !== undefined) fail(out, 'baseline', 'HostPath Volumes', `${p}.volumes[${i}].hostPath`, `volume ${str(v, 'name') ?? i}`)
    const type = volumeType(v)
    if (type !== undefined && !RESTRICTED_VOLUMES.has(type)) fail(out, 'restricted', 'Volume Types', `${p}.volumes[${i}]`, `volume type ${type}`)
  })
}

function containerLevel(w: Workload, out: PssFailure[]): void {
  const windows = str(rec(w.podSpec, 'os'), 'name') === 'windows'
  for (const c of w.containers) {
    const sc = c.securityContext
    const cp = fieldPath(c.path, '.securityContext')
    if (sc?.privileged === true) fail(out, 'baseline', 'Privileged Containers', fieldPath(cp, '.privileged'), `${c.name} privileged`)
    if (rec(sc, 'windowsOptions')?.hostProcess === true) fail(out, 'baseline', 'HostProcess', fieldPath(cp, '.windowsOptions.hostProcess'), c.name)
    capsOf(sc, 'add').forEach((cap, i) => {
      if (!BASELINE_CAPS.has(cap)) fail(out, 'baseline', 'Capabilities', `${cp}.capabilities.add[${i}]`, `${c.name} adds ${cap}`)
      else if (cap !== 'NET_BIND_SERVICE' && !windows) fail(out, 'restricted', 'Capabilities', `${cp}.capabilities.add[${i}]`, `${c.name} adds ${cap}`)
    })
    arr(c.raw, 'ports').forEach((port, i) => {
      const hp = isRecord(port) ? port.hostPort : undefined
      if (typeof hp === 'number' && hp !== 0) fail(out, 'baseline', 'Host Ports', `${c.path}.ports[${i}].hostPort`, `${c.name} hostPort ${hp}`)
    })
    if (str(rec(sc, 'appArmorProfile'), 'type') === 'Unconfined') fail(out, 'baseline', 'AppArmor', fieldPath(cp, '.appArmorProfile.type'), c.name)
    seLinux(rec(sc, 'seLinuxOptions'), fieldPath(cp, '.seLinuxOptions'), out)
    if (sc?.procMount !== undefined && sc.procMount !== 'Default') fail(out, 'baseline', '/proc Mount Type', fieldPath(cp, '.procMount'), `${c.name} procMount ${String(sc.procMount)}`)
    const seccomp = str(rec(sc, 'seccompProfile'), 'type')
    if (seccomp === 'Unconfined') fail(out, 'baseline', 'Seccomp', fieldPath(cp, '.seccompProfile.type'), `${c.name} Unconfined`)
    const eff = str(c.effective.seccompProfile, 'type')
    if (!windows && eff !== 'RuntimeDefault' && eff !== 'Localhost' && seccomp !== 'Unconfined') fail(out, 'restricted', 'Seccomp', c.effective.from.seccompProfile ?? cp, `${c.name} seccomp ${eff ?? 'unset'}`)
    if (!windows && sc?.allowPrivilegeEscalation !== false) fail(out, 'restricted', 'Privilege Escalation', fieldPath(cp, '.allowPrivilegeEscalation'), `${c.name} does not set allowPrivilegeEscalation false`)
    if (c.effective.runAsNonRoot !== true) fail(out, 'restricted', 'Running as Non-root', c.effective.from.runAsNonRoot ?? cp, `${c.name} runAsNonRoot not true`)
    if (sc?.runAsNonRoot === false) fail(out, 'restricted', 'Running as Non-root', fieldPath(cp, '.runAsNonRoot'), `${c.name} runAsNonRoot false`)
    if (sc?.runAsUser === 0) fail(out, 'restricted', 'Running as Non-root user', fieldPath(cp, '.runAsUser'), `${c.name} runAsUser 0`)
    if (!windows && !capsOf(sc, 'drop').includes('ALL')) fail(out, 'restricted', 'Capabilities', fieldPath(cp, '.capabilities.drop'), `${c.name} does not drop ALL`)
  }
  if (w.podSecurityContext?.runAsUser === 0) fail(out, 'restricted', 'Running as Non-root user', fieldPath(w.podPath, '.securityContext.runAsUser'), 'pod runAsUser 0')
}

/**
 * Evaluates every Pod Security Standards control on a workload.
 * ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/ (controls as of v1.33)
 */
export function evaluatePss(w: Workload): PssResult {
  const cached = CACHE.get(w)
  if (cached) return cached
  const result = computePss(w)
  CACHE.set(w, result)
  return result
}

// Three checks ask for the same verdict: compute it once per workload.
const CACHE = new WeakMap<Workload, PssResult>()

function computePss(w: Workload): PssResult {
  const failures: PssFailure[] = []
  podLevel(w, failures)
  containerLevel(w, failures)
  const level: PssLevel = failures.some((f) => f.level === 'baseline') ? 'privileged' : failures.length > 0 ? 'baseline' : 'restricted'
  return { level, failures }
}

/** True when a workload at `level` is admitted by a namespace enforcing `enforce`. */
export function admits(enforce: PssLevel, level: PssLevel): boolean {
  return PSS_LEVELS.indexOf(level) >= PSS_LEVELS.indexOf(enforce)
}
