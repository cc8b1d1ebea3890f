import { describe, expect, it } from 'vitest'
import { parseManifests, toWorkload } from '../k8s/index.js'
import { admits, evaluatePss } from './pss.js'

function pod(spec: string, annotations = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
${annotations}spec:
${spec}`
}

const RESTRICTED_CONTAINER = `  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: c
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
`

function level(text: string): { level: string; controls: string[] } {
  const o = parseManifests(text, 'p.yaml').objects[0]
  const w = o ? toWorkload(o) : undefined
  if (!w) throw new Error('no workload')
  const r = evaluatePss(w)
  return { level: r.level, controls: [...new Set(r.failures.map((f) => f.control))].sort() }
}

// ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/
describe('Pod Security Standards', () => {
  it.each([
    { name: 'restricted pod', spec: RESTRICTED_CONTAINER, want: 'restricted', controls: [] },
    { name: 'default pod is baseline', spec: '  containers:\n    - name: c\n      image: nginx\n', want: 'baseline', controls: ['Capabilities', 'Privilege Escalation', 'Running as Non-root', 'Seccomp'] },
    { name: 'hostNetwork', spec: `  hostNetwork: true\n${RESTRICTED_CONTAINER}`, want: 'privileged', controls: ['Host Namespaces'] },
    { name: 'hostPath', spec: `${RESTRICTED_CONTAINER}  volumes:\n    - name: h\n      hostPath:\n        path: /data\n`, want: 'privileged', controls: ['HostPath Volumes', 'Volume Types'] },
    { name: 'nfs volume is only restricted', spec: `${RESTRICTED_CONTAINER}  volumes:\n    - name: n\n      nfs:\n        server: s\n        path: /x\n`, want: 'baseline', controls: ['Volume Types'] },
    { name: 'baseline capability CHOWN', spec: RESTRICTED_CONTAINER.replace('drop: [ALL]', 'drop: [ALL]\n          add: [CHOWN]'), want: 'baseline', controls: ['Capabilities'] },
    { name: 'NET_BIND_SERVICE allowed', spec: RESTRICTED_CONTAINER.replace('drop: [ALL]', 'drop: [ALL]\n          add: [NET_BIND_SERVICE]'), want: 'restricted', controls: [] },
    { name: 'SYS_ADMIN', spec: RESTRICTED_CONTAINER.replace('drop: [ALL]', 'drop: [ALL]\n          add: [SYS_ADMIN]'), want: 'privileged', controls: ['Capabilities'] },
    { name: 'safe sysctl', spec: RESTRICTED_CONTAINER.replace('    runAsNonRoot: true', '    runAsNonRoot: true\n    sysctls:\n      - name: net.ipv4.tcp_keepalive_time\n        value: "60"'), want: 'restricted', controls: [] },
    { name: 'unsafe sysctl', spec: RESTRICTED_CONTAINER.replace('    runAsNonRoot: true', '    runAsNonRoot: true\n    sysctls:\n      - name: kernel.msgmax\n        value: "1"'), want: 'privileged', controls: ['Sysctls'] },
    { name: 'SELinux container_t allowed', spec: RESTRICTED_CONTAINER.replace('    runAsNonRoot: true', '    runAsNonRoot: true\n    seLinuxOptions:\n      type: container_t'), want: 'restricted', controls: [] },
    { name: 'SELinux user set', spec: RESTRICTED_CONTAINER.replace('    runAsNonRoot: true', '    runAsNonRoot: true\n    seLinuxOptions:\n      user: system_u'), want: 'privileged', controls: ['SELinux'] },
    { name: 'container overrides pod seccomp to Unconfined', spec: RESTRICTED_CONTAINER.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        seccompProfile:\n          type: Unconfined'), want: 'privileged', controls: ['Seccomp'] },
    { name: 'container runAsUser 0', spec: RESTRICTED_CONTAINER.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        runAsUser: 0'), want: 'baseline', controls: ['Running as Non-root user'] },
    { name: 'procMount Unmasked', spec: RESTRICTED_CONTAINER.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        procMount: Unmasked'), want: 'privileged', controls: ['/proc Mount Type'] },
    { name: 'hostPort', spec: RESTRICTED_CONTAINER.replace('image: nginx:1.27', 'image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 80'), want: 'privileged', controls: ['Host Ports'] },
    { name: 'windows hostProcess', spec: RESTRICTED_CONTAINER.replace('    runAsNonRoot: true', '    runAsNonRoot: true\n    windowsOptions:\n      hostProcess: true'), want: 'privileged', controls: ['HostProcess'] },
  ])('$name -> $want', ({ spec, want, controls }) => {
    const r = level(pod(spec))

    expect(r.level).toBe(want)
    expect(r.controls).toEqual(controls)
  })

  it('treats an unconfined AppArmor annotation as a baseline failure', () => {
    const r = level(pod(RESTRICTED_CONTAINER, '  annotations:\n    container.apparmor.security.beta.kubernetes.io/c: unconfined\n'))

    expect(r).toEqual({ level: 'privileged', controls: ['AppArmor'] })
  })

  it.each([
    { enforce: 'restricted', level: 'baseline', want: false },
    { enforce: 'baseline', level: 'baseline', want: true },
    { enforce: 'baseline', level: 'privileged', want: false },
    { enforce: 'privileged', level: 'privileged', want: true },
  ] as const)('enforce $enforce admits $level: $want', ({ enforce, level: l, want }) => {
    expect(admits(enforce, l)).toBe(want)
  })
})
