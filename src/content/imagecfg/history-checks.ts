import { clip } from '../internal/text.js'
import { scrubSecrets } from '../secrets/scan.js'
import { defineImageCheck, historySteps, type ImageViolation } from './check.js'
import { judgeVariable } from './config-checks.js'

const DOCKERFILE_REF = 'https://docs.docker.com/reference/dockerfile/'

/**
 * The build arguments a history entry records. The classic builder writes `|N K=V ... /bin/sh -c CMD`,
 * BuildKit `RUN |N K=V ... /bin/sh -c CMD` for RUN steps and `ARG K=V` for ARG steps.
 * ref: https://github.com/moby/buildkit/blob/master/frontend/dockerfile/docs/reference.md#arg (args in history)
 */
export function buildArgsOf(createdBy: string): [string, string][] {
  const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(.*?)(?:\s+#\s*buildkit)?$/.exec(createdBy.trim())
  if (arg) return [[arg[1] as string, arg[2] as string]]
  const m = /^(?:RUN\s+)?\|(\d+)\s+(.*)$/s.exec(createdBy.trim())
  if (!m) return []
  const n = Number(m[1])
  const words = (m[2] as string).split(/\s+/)
  const out: [string, string][] = []
  for (const w of words.slice(0, n)) {
    const eq = w.indexOf('=')
    if (eq > 0) out.push([w.slice(0, eq), w.slice(eq + 1)])
  }
  return out
}

function layerOf(layerIndex: number | undefined): { layerIndex?: number } {
  return layerIndex === undefined ? {} : { layerIndex }
}

export const secretInBuildArgs = defineImageCheck({
  id: 'IMG-005', slug: 'secret-in-build-history', title: 'Secret in a build argument or build command (history)', severity: 'critical', needs: 'config',
  attack: 'app-credentials-leaked',
  rationale: 'Build arguments and RUN commands are recorded in the image history: `docker history` shows them to anyone who pulls the image.',
  remediation: 'Pass build-time secrets with RUN --mount=type=secret (BuildKit), never as ARG or inline in RUN; rotate the exposed value.',
  references: [`${DOCKERFILE_REF}#arg`, 'https://docs.docker.com/build/building/secrets/'],
  check({ metadata }) {
    const out: ImageViolation[] = []
    for (const step of historySteps(metadata)) {
      const pointer = `history[${step.index}].created_by`
      const args = buildArgsOf(step.createdBy)
      let found = false
      for (const [k, v] of args) {
        const j = judgeVariable(k, v)
        if (!j) continue
        found = true
        out.push({ message: `build argument ${k} holds a secret`, pointer, evidence: j.evidence, attack: j.attack, ...layerOf(step.layerIndex) })
      }
      if (found) continue
      const scrubbed = scrubSecrets(step.createdBy)
      if (scrubbed !== step.createdBy) out.push({ message: 'a build command contains a secret', pointer, evidence: clip(scrubbed, 0, 160), ...layerOf(step.layerIndex) })
    }
    return out
  },
})

export const addFromUrl = defineImageCheck({
  id: 'IMG-006', slug: 'add-from-url', title: 'ADD downloads from a URL', severity: 'medium', needs: 'config',
  attack: 'malicious-image',
  rationale: 'ADD <url> fetches content at build time without verifying it: whoever controls the URL controls the image.',
  remediation: 'Download with curl/wget and verify a checksum or signature in the same RUN, or use ADD --checksum.',
  references: [`${DOCKERFILE_REF}#add`],
  check({ metadata }) {
    return historySteps(metadata)
      .filter((s) => /(?:^|#\(nop\)\s*|\s)ADD\s+(?:--(?!checksum)\S+\s+)*https?:\/\//.test(s.createdBy))
      .map((s) => ({ message: 'a layer was added from a URL', pointer: `history[${s.index}].created_by`, evidence: clip(scrubSecrets(s.createdBy), 0, 160), ...layerOf(s.layerIndex) }))
  },
})

/** curl or wget output piped into a shell, within one command. */
export const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:(?:\/usr)?\/bin\/)?(?:ba|da|z|k)?sh\b/

export const curlPipeShell = defineImageCheck({
  id: 'IMG-007', slug: 'curl-pipe-shell', title: 'Build ran a downloaded script (curl | sh)', severity: 'medium', needs: 'config',
  attack: 'malicious-image',
  rationale: 'Piping a download into a shell runs whatever the server sends at build time, unverified.',
  remediation: 'Download the script, verify its checksum or signature, then run it.',
  references: ['https://docs.docker.com/build/building/best-practices/#using-pipes'],
  check({ metadata }) {
    return historySteps(metadata)
      .filter((s) => PIPE_TO_SHELL.test(s.createdBy))
      .map((s) => ({ message: 'a build step pipes a download into a shell', pointer: `history[${s.index}].created_by`, evidence: clip(scrubSecrets(s.createdBy), s.createdBy.search(PIPE_TO_SHELL), 160), ...layerOf(s.layerIndex) }))
  },
})
