import type { Finding, ImageMetadata } from '../../core/index.js'
import { attackOf, imageLocation, imageTarget } from '../internal/finding.js'
import type { ImageCheck, ImageCheckInput, ImageFiles } from './check.js'
import { IMAGE_CHECKS } from './checks.js'

/** Version of the image-configuration checks as a plugin (reported in findings' source). */
export const IMAGE_CHECKS_VERSION = '1'

function toFindings(check: ImageCheck, input: ImageCheckInput): Finding[] {
  const m = input.metadata
  return check.check(input).map((v) => {
    const location = imageLocation(m, { ...(v.path !== undefined ? { path: v.path } : {}), ...(v.layerIndex !== undefined ? { layerIndex: v.layerIndex } : {}), ...(v.pointer ? { pointer: v.pointer } : {}) })
    return {
      id: check.id,
      kind: 'image-config',
      severity: v.severity ?? check.severity,
      title: check.title,
      description: `${v.message}. ${check.rationale}`,
      target: imageTarget(m),
      ...(location ? { location } : {}),
      ...(v.evidence !== undefined ? { evidence: v.evidence } : {}),
      remediation: check.remediation,
      references: check.references,
      ...attackOf(v.attack ?? check.attack),
      source: { plugin: `content/imagecfg/${check.slug}`, version: IMAGE_CHECKS_VERSION },
      details: { slug: check.slug },
    }
  })
}

/** Runs the checks that need only the image config. */
export function runConfigChecks(metadata: ImageMetadata, checks: readonly ImageCheck[] = IMAGE_CHECKS): Finding[] {
  return checks.filter((c) => c.needs === 'config').flatMap((c) => toFindings(c, { metadata }))
}

/** Runs the checks that need the file facts (world-writable files, caches, sudo). */
export function runFileChecks(metadata: ImageMetadata, files: ImageFiles, checks: readonly ImageCheck[] = IMAGE_CHECKS): Finding[] {
  return checks.filter((c) => c.needs === 'files').flatMap((c) => toFindings(c, { metadata, files }))
}
