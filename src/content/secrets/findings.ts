import type { Finding, ImageMetadata } from '../../core/index.js'
import { attackOf, imageLocation, imageTarget, layerNote } from '../internal/finding.js'
import type { Layered } from '../internal/layers.js'
import type { SecretsLayerResult } from '../internal/results.js'
import { SECRET_RULES } from './rules.js'
import { SECRETS_SCANNER_VERSION } from './scanner.js'

const RULES = new Map(SECRET_RULES.map((r) => [r.id, r]))

/** Turns the secrets scanner's layer results into findings (one per secret per layer copy). */
export function secretFindings(m: ImageMetadata, results: readonly Layered<SecretsLayerResult>[]): Finding[] {
  const out: Finding[] = []
  for (const r of results) {
    for (const h of r.hits) {
      const rule = RULES.get(h.rule)
      if (!rule) continue
      const location = imageLocation(m, { path: h.path, layerIndex: r.layerIndex, startLine: h.line, ...(h.endLine ? { endLine: h.endLine } : {}) })
      out.push({
        id: rule.id,
        kind: 'secret',
        severity: rule.severity,
        title: rule.title,
        description: `${rule.title} in /${h.path} line ${h.line}, ${layerNote(m, r.layerIndex)}.`,
        target: imageTarget(m),
        ...(location ? { location } : {}),
        evidence: h.evidence,
        remediation: rule.remediation,
        references: [],
        ...attackOf(rule.attack),
        source: { plugin: 'content/secrets', version: String(SECRETS_SCANNER_VERSION) },
        details: { rule: rule.id, redacted: h.redacted },
      })
    }
  }
  return out
}
