import { attackRef } from '../../core/index.js'
import { arr, fieldPath, rec, WORKLOAD_KINDS } from '../../k8s/index.js'
import { append, defineCheck, onWorkload, PASS, violation, type Violation } from '../check.js'
import { capabilities, eachContainer, perContainer, REF } from './internal.js'

/** K8S-001. */
export const privilegedContainer = defineCheck({
  id: 'K8S-001', slug: 'privileged-container', title: 'Container runs privileged', category: 'security',
  severity: 'critical', kinds: WORKLOAD_KINDS,
  rationale: 'A privileged container has every capability and the host devices: escaping to the node is one step.',
  remediation: 'Set securityContext.privileged to false (or remove it).',
  references: [`${REF.pss}#baseline`], attack: attackRef('privileged-container-escape'),
  check: eachContainer((c) =>
    c.securityContext?.privileged === true ? violation(`${c.label} is privileged`, { path: fieldPath(c.path, '.securityContext.privileged') }) : undefined,
  ),
})

/** K8S-002. */
export const allowPrivilegeEscalation = defineCheck({
  id: 'K8S-002', slug: 'allow-privilege-escalation', title: 'Container allows privilege escalation', category: 'security',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise a process above its parent (no_new_privs is off by default).',
  remediation: 'Set securityContext.allowPrivilegeEscalation to false in every container.',
  references: [`${REF.pss}#restricted`, REF.securityContext], attack: attackRef('capabilities-escape'),
  check: eachContainer((c) =>
    c.securityContext?.allowPrivilegeEscalation === false
      ? undefined
      : violation(
        c.securityContext?.allowPrivilegeEscalation === true
          ? `${c.label} sets allowPrivilegeEscalation true`
          : `${c.label} does not set allowPrivilegeEscalation false`,
        { path: fieldPath(c.path, '.securityContext.allowPrivilegeEscalation') },
      ),
  ),
})

/** K8S-003. */
export const runAsRoot = defineCheck({
  id: 'K8S-003', slug: 'run-as-root', title: 'Container may run as root', category: 'security',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'A process running as UID 0 owns the container filesystem and is root on the host after any escape.',
  remediation: 'Set runAsNonRoot: true and a non-zero runAsUser in the pod or container securityContext.',
  references: [`${REF.pss}#restricted`], attack: attackRef('privileged-container-escape'),
  check: eachContainer((c) => {
    const e = c.effective
    if (e.runAsUser === 0) return violation(`${c.label} runs as UID 0`, { path: e.from.runAsUser, severity: 'high', evidence: 'runAsUser: 0' })
    if (e.runAsNonRoot !== true && !(typeof e.runAsUser === 'number' && e.runAsUser > 0)) {
      return violation(`${c.label} neither sets runAsNonRoot true nor a non-zero runAsUser`, { path: e.from.runAsNonRoot })
    }
    return undefined
  }),
})

/** K8S-004. */
export const readOnlyRootFilesystem = defineCheck({
  id: 'K8S-004', slug: 'writable-root-filesystem', title: 'Container root filesystem is writable', category: 'security',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'A writable root filesystem lets an intruder drop tools and persist changes inside the container.',
  remediation: 'Set securityContext.readOnlyRootFilesystem to true and mount emptyDir volumes where writes are needed.',
  references: [REF.securityContext], attack: attackRef('host-write-via-mount'),
  check: eachContainer((c) =>
    c.securityContext?.readOnlyRootFilesystem === true
      ? undefined
      : violation(`${c.label} has a writable root filesystem`, { path: fieldPath(c.path, '.securityContext.readOnlyRootFilesystem') }),
  ),
})

// true when some key of the map starts with the prefix (per-container annotations are rare)
function hasKeyPrefix(map: Readonly<Record<string, string>>, prefix: string): boolean {
  for (const k in map) if (k.startsWith(prefix)) return true
  return false
}

const DANGEROUS = new Set(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'ALL', 'SYS_RAWIO', 'BPF', 'SYS_BOOT'])

/** K8S-005. */
export const dangerousCapabilities = defineCheck({
  id: 'K8S-005', slug: 'dangerous-capabilities', title: 'Container adds dangerous capabilities', category: 'security',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, NET_ADMIN and ALL each open a known container escape or host takeover.',
  remediation: 'Remove these capabilities from securityContext.capabilities.add.',
  references: [`${REF.pss}#baseline`, 'https://man7.org/linux/man-pages/man7/capabilities.7.html'], attack: attackRef('capabilities-escape'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    for (const c of w.containers) {
      if (c.securityContext?.capabilities === undefined) continue
      capabilities(c).add.forEach((cap, i) => {
        if (DANGEROUS.has(cap)) {
          out = append(out, violation(`${c.label} adds ${cap}`, { path: `${c.path}.securityContext.capabilities.add[${i}]`, evidence: cap }))
        }
      })
    }
    return out ?? PASS
  }),
})

/** K8S-006. */
export const capabilitiesNotDropped = defineCheck({
  id: 'K8S-006', slug: 'capabilities-not-dropped', title: 'Container does not drop ALL capabilities', category: 'security',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'The runtime default set still holds capabilities such as NET_RAW and CHOWN that an attacker can use; drop all and add back only what is needed.',
  remediation: 'Set securityContext.capabilities.drop to ["ALL"] and add back only NET_BIND_SERVICE if needed.',
  references: [`${REF.pss}#restricted`], attack: attackRef('capabilities-escape'),
  check: eachContainer((c) =>
    c.securityContext?.capabilities !== undefined && capabilities(c).drop.includes('ALL')
      ? undefined
      : violation(`${c.label} does not drop ALL capabilities`, { path: fieldPath(c.path, '.securityContext.capabilities.drop') }),
  ),
})

/** K8S-007. */
export const seccompProfile = defineCheck({
  id: 'K8S-007', slug: 'seccomp-profile', title: 'Seccomp profile unset or Unconfined', category: 'security',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'Without a seccomp profile every system call is reachable, including those behind most kernel escapes.',
  remediation: 'Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) at pod level.',
  references: [`${REF.pss}#restricted`, 'https://kubernetes.io/docs/tutorials/security/seccomp/'], attack: attackRef('kernel-vulnerability-escape'),
  check: onWorkload((w) => {
    const podAnn = w.podAnnotations['seccomp.security.alpha.kubernetes.io/pod']
    const annotated = podAnn !== undefined || hasKeyPrefix(w.podAnnotations, 'container.seccomp.security.alpha.kubernetes.io/')
    return perContainer(w.containers, (c) => {
      const type = rec(c.effective, 'seccompProfile')?.type
      const ann = annotated ? w.podAnnotations[`container.seccomp.security.alpha.kubernetes.io/${c.name}`] ?? podAnn : undefined
      if (type === 'Unconfined') return violation(`${c.label} runs with seccomp Unconfined`, { path: `${c.effective.from.seccompProfile}.type`, severity: 'high' })
      if (type === undefined && ann === 'unconfined') {
        return violation(`${c.label} runs with seccomp unconfined (annotation)`, { path: `${w.podMetaPath}.annotations`, severity: 'high' })
      }
      if (type === undefined && ann !== 'runtime/default' && ann !== 'docker/default' && !ann?.startsWith('localhost/')) {
        return violation(`${c.label} has no seccomp profile`, { path: c.effective.from.seccompProfile ?? c.path })
      }
      return undefined
    })
  }),
})

/** K8S-008. */
export const apparmorUnconfined = defineCheck({
  id: 'K8S-008', slug: 'apparmor-unconfined', title: 'AppArmor explicitly unconfined', category: 'security',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'Turning AppArmor off removes the runtime default profile that blocks mounts and writes to /proc and /sys.',
  remediation: 'Remove the Unconfined AppArmor profile (use RuntimeDefault or a Localhost profile).',
  references: [`${REF.pss}#baseline`, 'https://kubernetes.io/docs/tutorials/security/apparmor/'], attack: attackRef('remove-security-agent'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    const annotated = hasKeyPrefix(w.podAnnotations, 'container.apparmor.security.beta.kubernetes.io/')
    for (const c of w.containers) {
      const prof = c.effective.appArmorProfile
      if (prof?.type === 'Unconfined') out = append(out, violation(`${c.label} runs AppArmor Unconfined`, { path: `${c.effective.from.appArmorProfile}.type` }))
      const ann = annotated ? w.podAnnotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`] : undefined
      if (ann === 'unconfined') out = append(out, violation(`${c.label} runs AppArmor unconfined (annotation)`, { path: `${w.podMetaPath}.annotations` }))
    }
    return out ?? PASS
  }),
})

/** K8S-013. */
export const procMount = defineCheck({
  id: 'K8S-013', slug: 'proc-mount-unmasked', title: 'Container uses an unmasked /proc', category: 'security',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'procMount Unmasked exposes /proc paths the runtime normally masks, such as /proc/kcore and /proc/sysrq-trigger.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  references: [`${REF.pss}#baseline`], attack: attackRef('privileged-container-escape'),
  check: eachContainer((c) =>
    c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default'
      ? violation(`${c.label} sets procMount ${String(c.securityContext.procMount)}`, { path: fieldPath(c.path, '.securityContext.procMount') })
      : undefined,
  ),
})

/** The sysctls the PSS baseline allows (namespaced and isolated from other pods). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
])

/** K8S-014. */
export const unsafeSysctls = defineCheck({
  id: 'K8S-014', slug: 'unsafe-sysctls', title: 'Pod sets unsafe sysctls', category: 'security',
  severity: 'high', kinds: WORKLOAD_KINDS,
  rationale: 'Sysctls outside the safe set are not isolated between pods and can change the whole node kernel.',
  remediation: 'Remove sysctls other than the Pod Security Standards safe set.',
  references: [`${REF.pss}#baseline`, 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'], attack: attackRef('privileged-container-escape'),
  check: onWorkload((w) => {
    let out: Violation[] | undefined
    arr(w.podSecurityContext, 'sysctls').forEach((s, i) => {
      const name = String(rec({ s }, 's')?.name ?? '')
      if (!SAFE_SYSCTLS.has(name)) out = append(out, violation(`pod sets unsafe sysctl ${name}`, { path: `${w.podPath}.securityContext.sysctls[${i}].name`, evidence: name }))
    })
    return out ?? PASS
  }),
})
