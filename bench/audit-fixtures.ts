/**
 * Writes the audit benchmark input: `files` multi-document YAML files holding `objects` Kubernetes
 * objects in total, a mix of Deployments, Services, Roles and Pods as application charts render
 * them (some hardened, most not, so checks find and locate many findings).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

function deployment(i: number, hardened: boolean): string {
  const sc = hardened
    ? `      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n        seccompProfile:\n          type: RuntimeDefault\n`
    : ''
  const csc = hardened
    ? `          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop: ["ALL"]\n`
    : `          securityContext:\n            privileged: ${i % 7 === 0}\n`
  return `# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 20}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
${sc}      containers:
        - name: app
          image: registry.example.com/team/app-${i}:1.${i % 10}.0
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: db.team-${i % 20}.svc
${csc}          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
      volumes:
        - name: tmp
          emptyDir: {}
`
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 20}
spec:
  type: ${i % 5 === 0 ? 'NodePort' : 'ClusterIP'}
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: http
      protocol: TCP
`
}

function role(i: number): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-${i}
  namespace: team-${i % 20}
rules:
  - apiGroups: [""]
    resources: ["configmaps", "pods"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["${i % 3 === 0 ? 'list' : 'create'}"]
`
}

function pod(i: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: debug-${i}
  namespace: team-${i % 20}
  labels:
    app: debug-${i}
spec:
  hostNetwork: ${i % 11 === 0}
  containers:
    - name: shell
      image: busybox
      command: ["sleep", "3600"]
  volumes:
    - name: host
      hostPath:
        path: ${i % 4 === 0 ? '/var/run/docker.sock' : '/data'}
`
}

const MAKERS = [(i: number) => deployment(i, i % 4 === 0), service, role, pod]

/** Writes the files and returns their paths. */
export function writeAuditFixtures(dir: string, objects: number, files: number): string[] {
  mkdirSync(dir, { recursive: true })
  const per = Math.ceil(objects / files)
  const paths: string[] = []
  for (let f = 0; f < files; f++) {
    const docs: string[] = []
    for (let k = 0; k < per && f * per + k < objects; k++) {
      const i = f * per + k
      docs.push((MAKERS[i % MAKERS.length] as (i: number) => string)(i))
    }
    const p = join(dir, `manifests-${String(f).padStart(2, '0')}.yaml`)
    writeFileSync(p, `---\n${docs.join('---\n')}`)
    paths.push(p)
  }
  return paths
}
