import type { Finding } from '../../core/index.js'
import { attackOf } from '../internal/finding.js'
import type { DockerfileCheck } from './check.js'
import { DOCKERFILE_CHECKS } from './checks.js'
import { parseDockerfile } from './parse.js'

/** Version of the Dockerfile checks as a plugin (reported in findings' source). */
export const DOCKERFILE_CHECKS_VERSION = '1'

/**
 * Checks a Dockerfile's text: misconfiguration findings with the file path and line span of each
 * offending instruction. Secrets in ENV/ARG are redacted in every field.
 */
export function checkDockerfile(text: string, path: string, checks: readonly DockerfileCheck[] = DOCKERFILE_CHECKS): Finding[] {
  const file = parseDockerfile(text)
  return checks.flatMap((c) =>
    c.check(file).map((v): Finding => ({
      id: c.id,
      kind: 'misconfiguration',
      severity: v.severity ?? c.severity,
      title: c.title,
      description: `${v.message}. ${c.rationale}`,
      target: { type: 'dockerfile', name: path },
      location: { path, ...(v.at ? { startLine: v.at.startLine, endLine: v.at.endLine } : {}) },
      ...(v.evidence !== undefined ? { evidence: v.evidence } : {}),
      remediation: c.remediation,
      references: c.references,
      ...attackOf(v.attack ?? c.attack),
      source: { plugin: `content/dockerfile/${c.slug}`, version: DOCKERFILE_CHECKS_VERSION },
      details: { slug: c.slug },
    })),
  )
}
