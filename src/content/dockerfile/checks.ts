import { PIPE_TO_SHELL } from '../imagecfg/history-checks.js'
import { judgeVariable } from '../imagecfg/config-checks.js'
import { clip } from '../internal/text.js'
import { scrubSecrets } from '../secrets/scan.js'
import { defineDockerfileCheck, finalStage, runs, type DockerfileCheck, type DockerViolation } from './check.js'
import { splitFlags, type Dockerfile, type DockerInstruction } from './parse.js'

const REF = 'https://docs.docker.com/reference/dockerfile/'
const BP = 'https://docs.docker.com/build/building/best-practices/'

/** Global ARG defaults (ARGs before the first FROM), for expanding `FROM ${BASE}`. */
function globalArgs(file: Dockerfile): Map<string, string> {
  const out = new Map<string, string>()
  for (const i of file.instructions) {
    if (i.stage >= 0) break
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=("?)(.*)\2$/.exec(i.args)
    if (i.keyword === 'ARG' && m) out.set(m[1] as string, m[3] as string)
  }
  return out
}

function expand(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?/g, (_m, name: string, dflt?: string) => vars.get(name) ?? dflt ?? '')
}

export const unpinnedBase = defineDockerfileCheck({
  id: 'DF-001', slug: 'unpinned-base-image', title: 'Base image is not pinned', severity: 'medium',
  attack: 'malicious-image',
  rationale: 'A base image without a digest (or with :latest or no tag) changes under you: builds are not reproducible and a poisoned tag flows straight in.',
  remediation: 'Pin FROM to a version tag and its digest: FROM debian:12.5@sha256:<digest>.',
  references: [`${REF}#from`, `${BP}#pin-base-image-versions`],
  check(file) {
    const vars = globalArgs(file)
    const stages = new Set<string>()
    const out: DockerViolation[] = []
    for (const i of file.instructions.filter((x) => x.keyword === 'FROM')) {
      const { rest } = splitFlags(i.args)
      const [rawImage = '', as, name] = rest.split(/\s+/)
      const image = expand(rawImage, vars)
      const earlierStage = stages.has(image.toLowerCase())
      if (as?.toLowerCase() === 'as' && name) stages.add(name.toLowerCase())
      if (image === '' || image.toLowerCase() === 'scratch' || earlierStage || image.includes('@sha256:')) continue
      const lastSlash = image.lastIndexOf('/')
      const colon = image.indexOf(':', lastSlash + 1)
      const tag = colon < 0 ? '' : image.slice(colon + 1)
      if (tag === '' || tag === 'latest') out.push({ message: `FROM ${image} uses ${tag === '' ? 'no tag (latest)' : 'the latest tag'}`, at: i, evidence: `FROM ${image}` })
      else out.push({ message: `FROM ${image} is not pinned by digest`, at: i, evidence: `FROM ${image}`, severity: 'low' })
    }
    return out
  },
})

export const userMissing = defineDockerfileCheck({
  id: 'DF-002', slug: 'user-missing', title: 'Final stage runs as root (no USER)', severity: 'medium',
  rationale: 'Without USER the container runs as root, unless every deployment overrides it.',
  remediation: 'Create an unprivileged user and add USER <uid> to the final stage.',
  references: [`${REF}#user`, `${BP}#user`],
  check(file) {
    const stage = finalStage(file)
    const from = stage[0]
    if (!from || /^scratch\b/i.test(splitFlags(from.args).rest)) return []
    const user = stage.filter((i) => i.keyword === 'USER').pop()
    if (!user) return [{ message: 'the final stage never sets USER', at: from }]
    const name = user.args.split(':')[0]?.trim() ?? ''
    return name === 'root' || name === '0' ? [{ message: `the final stage sets USER ${user.args}`, at: user, evidence: `USER ${user.args}` }] : []
  },
})

const APT_INSTALL = /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/

export const aptRecommends = defineDockerfileCheck({
  id: 'DF-003', slug: 'apt-install-recommends', title: 'apt-get install without --no-install-recommends', severity: 'low',
  rationale: 'Recommended packages add size and attack surface the application does not use.',
  remediation: 'apt-get install -y --no-install-recommends <packages>.',
  references: [`${BP}#apt-get`],
  check(file) {
    return runs(file)
      .filter((i) => APT_INSTALL.test(i.args) && !/--no-install-recommends|Install-Recommends=(?:false|0)/.test(i.args))
      .map((i) => ({ message: 'apt install pulls in recommended packages', at: i, evidence: clip(i.args, i.args.search(APT_INSTALL), 100) }))
  },
})

export const aptLists = defineDockerfileCheck({
  id: 'DF-004', slug: 'package-cache-not-cleaned', title: 'Package index or cache not cleaned in the same RUN', severity: 'low',
  rationale: 'apt lists and apk caches left in a layer add megabytes; removing them in a later RUN does not shrink the image.',
  remediation: 'End the RUN with && rm -rf /var/lib/apt/lists/* (apt) or use apk add --no-cache.',
  references: [`${BP}#apt-get`],
  check(file) {
    const out: DockerViolation[] = []
    for (const i of runs(file)) {
      const cached = /--mount=[^\s]*type=cache/.test(i.args)
      if (/\bapt(?:-get)?\s+(?:-\S+\s+)*(?:update|install)\b/.test(i.args) && !/\/var\/lib\/apt\/lists/.test(i.args) && !cached) {
        out.push({ message: 'apt lists are left in the layer', at: i, evidence: clip(i.args, 0, 100) })
      }
      if (/\bapk\s+(?:-\S+\s+)*add\b/.test(i.args) && !/--no-cache|\/var\/cache\/apk/.test(i.args) && !cached) {
        out.push({ message: 'apk add without --no-cache leaves the index in the layer', at: i, evidence: clip(i.args, 0, 100) })
      }
    }
    return out
  },
})

const ARCHIVE = /\.(?:tar|tar\.(?:gz|bz2|xz|zst)|tgz|tbz2?|txz)$/i
const REMOTE = /^(?:https?|git):\/\/|^git@|\.git(?:#.*)?$/

function addSources(i: DockerInstruction): string[] {
  const { rest } = splitFlags(i.args)
  if (rest.startsWith('<<')) return []
  if (rest.startsWith('[')) {
    try {
      const arr = JSON.parse(rest) as unknown
      return Array.isArray(arr) ? arr.slice(0, -1).map(String) : []
    } catch {
      return []
    }
  }
  return rest.split(/\s+/).slice(0, -1)
}

export const addInsteadOfCopy = defineDockerfileCheck({
  id: 'DF-005', slug: 'add-instead-of-copy', title: 'ADD used where COPY fits', severity: 'low',
  rationale: 'ADD also unpacks archives and fetches URLs; for plain local files COPY says what happens and nothing more.',
  remediation: 'Use COPY for local files and directories.',
  references: [`${BP}#add-or-copy`],
  check(file) {
    return file.instructions
      .filter((i) => i.keyword === 'ADD')
      .filter((i) => {
        const src = addSources(i)
        return src.length > 0 && src.every((s) => !ARCHIVE.test(s) && !REMOTE.test(s))
      })
      .map((i) => ({ message: `ADD ${addSources(i).join(' ')} copies local files`, at: i, evidence: `ADD ${clip(i.args, 0, 100)}` }))
  },
})

export const addFromUrl = defineDockerfileCheck({
  id: 'DF-006', slug: 'add-from-url', title: 'ADD downloads from a URL without a checksum', severity: 'medium',
  attack: 'malicious-image',
  rationale: 'ADD <url> fetches at build time without verification: whoever controls the URL controls the image.',
  remediation: 'Use ADD --checksum=sha256:<hex> <url>, or download and verify in a RUN.',
  references: [`${REF}#add---checksum`],
  check(file) {
    return file.instructions
      .filter((i) => i.keyword === 'ADD' && !('checksum' in splitFlags(i.args).flags) && addSources(i).some((s) => /^https?:\/\//.test(s)))
      .map((i) => ({ message: 'ADD fetches a URL without --checksum', at: i, evidence: scrubSecrets(`ADD ${clip(i.args, 0, 120)}`) }))
  },
})

/** NAME=value pairs of an ENV (both forms) or ARG instruction. */
function assignments(i: DockerInstruction): [string, string][] {
  const legacy = /^([A-Za-z_][A-Za-z0-9_.-]*)\s+([^=\s][\s\S]*)$/.exec(i.args)
  if (i.keyword === 'ENV' && legacy && !i.args.split(/\s+/)[0]?.includes('=')) return [[legacy[1] as string, (legacy[2] as string).trim()]]
  const out: [string, string][] = []
  for (const m of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    out.push([m[1] as string, (m[2] as string).replace(/^(["'])([\s\S]*)\1$/, '$2')])
  }
  return out
}

export const secretInEnvArg = defineDockerfileCheck({
  id: 'DF-007', slug: 'secret-in-env-arg', title: 'Secret in ENV or ARG', severity: 'critical',
  attack: 'app-credentials-leaked',
  rationale: 'ENV values are stored in the image config and ARG values in its history: anyone who pulls the image reads them.',
  remediation: 'Use RUN --mount=type=secret for build-time secrets and inject run-time secrets at deploy time; rotate the exposed value.',
  references: ['https://docs.docker.com/build/building/secrets/', `${REF}#arg`],
  check(file) {
    const out: DockerViolation[] = []
    for (const i of file.instructions.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
      for (const [k, v] of assignments(i)) {
        const j = judgeVariable(k, v)
        if (j) out.push({ message: `${i.keyword} ${k} holds a secret`, at: i, evidence: `${i.keyword} ${j.evidence}`, attack: j.attack })
      }
    }
    return out
  },
})

export const curlPipeShell = defineDockerfileCheck({
  id: 'DF-008', slug: 'curl-pipe-shell', title: 'RUN pipes a download into a shell', severity: 'medium',
  attack: 'malicious-image',
  rationale: 'curl | sh runs whatever the server sends at build time, unverified.',
  remediation: 'Download to a file, verify its checksum or signature, then run it.',
  references: [`${BP}#using-pipes`],
  check(file) {
    return runs(file)
      .filter((i) => PIPE_TO_SHELL.test(i.args))
      .map((i) => ({ message: 'a download is piped into a shell', at: i, evidence: scrubSecrets(clip(i.args, i.args.search(PIPE_TO_SHELL), 120)) }))
  },
})

export const exposeRemote = defineDockerfileCheck({
  id: 'DF-009', slug: 'expose-remote-port', title: 'EXPOSE 22 or 23 (SSH/Telnet)', severity: 'high',
  attack: 'ssh-server-in-container',
  rationale: 'An SSH or Telnet server in a container is a way in around the orchestrator\'s access control.',
  remediation: 'Remove the SSH/Telnet server and the EXPOSE; debug with kubectl exec.',
  references: [`${REF}#expose`],
  check(file) {
    return file.instructions
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/).filter((p) => /^2[23](?:\/tcp)?$/i.test(p)).map((p) => ({ message: `port ${p} is exposed`, at: i, evidence: `EXPOSE ${p}` })))
  },
})

export const noHealthcheck = defineDockerfileCheck({
  id: 'DF-010', slug: 'no-healthcheck', title: 'No HEALTHCHECK', severity: 'low',
  rationale: 'Without a health check a hung service keeps receiving traffic.',
  remediation: 'Add HEALTHCHECK CMD <probe> to the final stage (or rely on Kubernetes probes and say so with HEALTHCHECK NONE).',
  references: [`${REF}#healthcheck`],
  check(file) {
    const stage = finalStage(file)
    const from = stage[0]
    if (!from || stage.some((i) => i.keyword === 'HEALTHCHECK')) return []
    return [{ message: 'the final stage has no HEALTHCHECK', at: from }]
  },
})

/** Every Dockerfile check: the ONLY list (registry test in dockerfile/checks.test.ts). */
export const DOCKERFILE_CHECKS: readonly DockerfileCheck[] = [
  unpinnedBase,
  userMissing,
  aptRecommends,
  aptLists,
  addInsteadOfCopy,
  addFromUrl,
  secretInEnvArg,
  curlPipeShell,
  exposeRemote,
  noHealthcheck,
]
