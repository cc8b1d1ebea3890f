import { redact } from '../internal/text.js'
import { COMMON_PLACEHOLDER } from '../secrets/rule.js'
import { SECRET_RULES } from '../secrets/rules.js'
import { scanSecrets } from '../secrets/scan.js'
import { defineImageCheck, type ImageViolation } from './check.js'

const DOCKERFILE_REF = 'https://docs.docker.com/reference/dockerfile/'
const BEST_PRACTICES = 'https://docs.docker.com/build/building/best-practices/'

export const rootUser = defineImageCheck({
  id: 'IMG-001', slug: 'root-user', title: 'Image runs as root', severity: 'medium', needs: 'config',
  rationale: 'A process running as root in the container is root on the host after any escape, and can modify everything in the image.',
  remediation: 'Add a non-root user and set USER in the Dockerfile (a numeric UID works best with runAsNonRoot).',
  references: [`${DOCKERFILE_REF}#user`],
  check({ metadata }) {
    const user = (metadata.config.config?.User ?? '').trim()
    const name = user.split(':')[0] ?? ''
    if (name !== '' && name !== 'root' && name !== '0') return []
    return [{ message: user === '' ? 'no USER is set: the container runs as root' : `USER is ${user}`, pointer: 'config.User', evidence: user === '' ? 'User: (unset)' : `User: ${user}` }]
  },
})

export const noHealthcheck = defineImageCheck({
  id: 'IMG-002', slug: 'no-healthcheck', title: 'Image has no HEALTHCHECK', severity: 'low', needs: 'config',
  rationale: 'Without a health check a hung service keeps receiving traffic; orchestrators cannot restart it.',
  remediation: 'Add a HEALTHCHECK instruction (or a liveness probe where Kubernetes runs the image).',
  references: [`${DOCKERFILE_REF}#healthcheck`],
  check({ metadata }) {
    const test = metadata.config.config?.Healthcheck?.Test
    if (test && test.length > 0 && test[0] !== 'NONE') return []
    return [{ message: test?.[0] === 'NONE' ? 'the health check is disabled (NONE)' : 'no HEALTHCHECK is defined', pointer: 'config.Healthcheck' }]
  },
})

const REMOTE_PORTS: Readonly<Record<string, string>> = { '22': 'SSH', '23': 'Telnet' }

export const remoteAccessPort = defineImageCheck({
  id: 'IMG-003', slug: 'remote-access-port', title: 'Image exposes a remote-login port (22/23)', severity: 'high', needs: 'config',
  attack: 'ssh-server-in-container',
  rationale: 'An SSH or Telnet service in a container is a way in that bypasses the orchestrator\'s access control and audit.',
  remediation: 'Remove the SSH/Telnet server and the EXPOSE; use kubectl exec or docker exec for debugging.',
  references: [`${DOCKERFILE_REF}#expose`],
  check({ metadata }) {
    const out: ImageViolation[] = []
    for (const key of Object.keys(metadata.config.config?.ExposedPorts ?? {})) {
      const [port = '', proto = 'tcp'] = key.split('/')
      const name = REMOTE_PORTS[port]
      if (name && proto === 'tcp') out.push({ message: `port ${key} (${name}) is exposed`, pointer: `config.ExposedPorts["${key}"]`, evidence: key })
    }
    return out
  },
})

/** Variable names that say their value is a credential. */
const SECRET_NAME = /(?:^|_)(?:PASS(?:WORD|WD)?|SECRET|TOKEN|API_?KEY|APIKEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH|CREDENTIALS?)(?:_ID)?$/i
/** Names that hold a reference to a secret, not the secret. */
const SECRET_REFERENCE = /_(?:FILE|PATH|DIR|URL_FILE|ENV|NAME|HEADER|TYPE)$/i

/** Judges one NAME=value pair: a redacted evidence and the catalogue id, or undefined. */
export function judgeVariable(name: string, value: string): { evidence: string; attack: string; rule: string } | undefined {
  const hits = scanSecrets(value, '', SECRET_RULES.filter((r) => !r.path))
  const first = hits[0]
  if (first) {
    const rule = SECRET_RULES.find((r) => r.id === first.rule)
    return { evidence: `${name}=${first.evidence}`, attack: rule?.attack ?? 'app-credentials-leaked', rule: first.rule }
  }
  if (!SECRET_NAME.test(name) || SECRET_REFERENCE.test(name)) return undefined
  if (value.trim() === '' || COMMON_PLACEHOLDER.test(value) || value.startsWith('/')) return undefined
  return { evidence: `${name}=${redact(value)}`, attack: 'app-credentials-leaked', rule: 'secret-variable-name' }
}

export const secretInConfig = defineImageCheck({
  id: 'IMG-004', slug: 'secret-in-env', title: 'Secret in the image environment or labels', severity: 'critical', needs: 'config',
  attack: 'app-credentials-leaked',
  rationale: 'ENV values and labels are stored in the image config: anyone who can pull the image reads them, and every container inherits them.',
  remediation: 'Remove the secret from ENV/LABEL, rotate it, and inject it at run time (a mounted secret or the deployment\'s environment).',
  references: [`${BEST_PRACTICES}#env`, 'https://docs.docker.com/build/building/secrets/'],
  check({ metadata }) {
    const out: ImageViolation[] = []
    for (const [i, entry] of (metadata.config.config?.Env ?? []).entries()) {
      const eq = entry.indexOf('=')
      const j = eq < 0 ? undefined : judgeVariable(entry.slice(0, eq), entry.slice(eq + 1))
      if (j) out.push({ message: `ENV ${entry.slice(0, eq)} holds a secret`, pointer: `config.Env[${i}]`, evidence: j.evidence, attack: j.attack })
    }
    for (const [k, v] of Object.entries(metadata.config.config?.Labels ?? {})) {
      const j = judgeVariable(k.replace(/[.-]/g, '_'), v)
      if (j) out.push({ message: `label ${k} holds a secret`, pointer: `config.Labels["${k}"]`, evidence: `${k}=${j.evidence.slice(j.evidence.indexOf('=') + 1)}`, attack: j.attack })
    }
    return out
  },
})
