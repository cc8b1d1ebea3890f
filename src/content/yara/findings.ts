import type { Finding, ImageMetadata } from '../../core/index.js'
import { attackOf, imageLocation, imageTarget, layerNote } from '../internal/finding.js'
import type { Layered } from '../internal/layers.js'
import type { YaraLayerResult } from '../internal/results.js'
import { YARA_SCANNER_VERSION } from './scanner.js'

/** Turns YARA matches into malware findings (`yara:<rule>`). */
export function yaraFindings(m: ImageMetadata, results: readonly Layered<YaraLayerResult>[]): Finding[] {
  return results.flatMap((r) =>
    r.matches.map((h) => {
      const location = imageLocation(m, { path: h.path, layerIndex: r.layerIndex })
      return {
        id: `yara:${h.rule}`,
        kind: 'malware' as const,
        severity: 'high' as const,
        title: `YARA rule ${h.rule} matched`,
        description: `The user YARA rule ${h.rule} matched /${h.path} in ${layerNote(m, r.layerIndex)}.`,
        target: imageTarget(m),
        ...(location ? { location } : {}),
        evidence: h.rule,
        remediation: 'Inspect the file; if the rule is right, rebuild the image from trusted sources.',
        references: [],
        ...attackOf('malicious-image'),
        source: { plugin: 'content/yara', version: String(YARA_SCANNER_VERSION) },
      }
    }),
  )
}

/** Warnings from the YARA runs (a failed run leaves a layer unscanned: the reader must know). */
export function yaraWarnings(results: readonly Layered<YaraLayerResult>[]): string[] {
  return results.flatMap((r) => [
    ...r.errors.map((e) => `layer ${r.layerIndex}: yara failed: ${e}`),
    ...(r.skipped > 0 ? [`layer ${r.layerIndex}: yara skipped ${r.skipped} files over the size caps`] : []),
  ])
}
