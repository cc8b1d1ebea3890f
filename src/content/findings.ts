import type { Finding, ImageMetadata, Package } from '../core/index.js'
import { applyAllowList, type AllowEntry } from './allow.js'
import type { ImageFiles } from './imagecfg/check.js'
import { runConfigChecks, runFileChecks } from './imagecfg/run.js'
import type { LayerDeletions } from '../inventory/index.js'
import { markDeleted } from './internal/deletions.js'
import { collectResults, ofType, type Layered } from './internal/layers.js'
import type { ImageFilesLayerResult } from './internal/results.js'
import { malwareFindings } from './malware/findings.js'
import { secretFindings } from './secrets/findings.js'
import { yaraFindings, yaraWarnings } from './yara/findings.js'

/** What contentFindings needs: the image, each layer's scanner results (inventory.scanners), the packages. */
export interface ContentFindingsInput {
  readonly metadata: ImageMetadata
  /** Per layer, base first: scanner results by scanner id, as `Inventory.scanners` holds them. */
  readonly layers: readonly Readonly<Record<string, unknown>>[]
  /** The image's packages; OS packages carry the `files` they own. */
  readonly packages: readonly Package[]
  /**
   * How many layers (from the bottom) belong to the base image; default from {@link baseLayerCount}
   * (1 unless the caller resolved the base image the OCI base annotations name).
   */
  readonly baseLayers?: number
  /** What each layer deletes (inventory.deletions): findings on files a later layer deletes say so. */
  readonly deletions?: readonly LayerDeletions[]
}

/** Options of contentFindings. */
export interface ContentFindingsOptions {
  readonly allow?: readonly AllowEntry[]
}

/**
 * How many bottom layers belong to the base image. With the base image's metadata (resolved by
 * the caller from the `org.opencontainers.image.base.name`/`.digest` annotations), the count of
 * leading diffIDs the two share; otherwise 1: the first layer is the base (a from-scratch OS layer).
 * ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/annotations.md (base.name, base.digest)
 */
export function baseLayerCount(image: ImageMetadata, base?: ImageMetadata): number {
  if (!base) return Math.min(1, image.layers.length)
  let n = 0
  while (n < image.layers.length && n < base.layers.length && image.layers[n]?.diffId === base.layers[n]?.diffId) n++
  return n
}

function imageFiles(results: readonly Layered<ImageFilesLayerResult>[], packages: readonly Package[]): ImageFiles {
  return {
    worldWritable: results.flatMap((r) => r.worldWritable.map((w) => ({ ...w, layerIndex: r.layerIndex }))),
    caches: results.flatMap((r) => r.caches.map((c) => ({ path: c.dir, manager: c.manager, files: c.files, bytes: c.bytes, layerIndex: r.layerIndex }))),
    sudo: results.flatMap((r) => r.sudo.map((path) => ({ path, layerIndex: r.layerIndex }))),
    packages,
  }
}

/**
 * Turns the content scanners' per-layer results into findings, deciding what needs the whole
 * image: setuid files no OS package owns or added above the base, persistence files no package
 * owns, world-writable files, caches and sudo. Secrets are reported in every layer that holds
 * them. The allow-list marks findings suppressed. Image-config checks on the config alone are
 * {@link checkImageConfig}'s job, so a caller runs both.
 */
export function contentFindings(input: ContentFindingsInput, options: ContentFindingsOptions = {}): Finding[] {
  const all = collectResults(input.layers)
  const m = input.metadata
  const baseLayers = input.baseLayers ?? baseLayerCount(m)
  const files = ofType(all, 'image-files')
  const findings = [
    ...markDeleted(
      [
        ...secretFindings(m, ofType(all, 'secrets')),
        ...malwareFindings({ metadata: m, packages: input.packages, baseLayers }, ofType(all, 'malware')),
        ...yaraFindings(m, ofType(all, 'yara')),
      ],
      m,
      input.deletions,
    ),
    ...(files.length > 0 ? runFileChecks(m, imageFiles(files, input.packages)) : []),
  ]
  return applyAllowList(findings, options.allow ?? [])
}

/** Warnings for the report: layers YARA could not scan, files too large for the text rules. */
export function contentWarnings(layers: readonly Readonly<Record<string, unknown>>[]): string[] {
  const all = collectResults(layers)
  const big = ofType(all, 'secrets').filter((r) => r.tooLarge > 0)
  return [
    ...yaraWarnings(ofType(all, 'yara')),
    ...big.map((r) => `layer ${r.layerIndex}: ${r.tooLarge} files over the text size cap were not searched for secrets`),
  ]
}

/** Image-configuration findings from the config alone (USER, HEALTHCHECK, ports, ENV, history). */
export function checkImageConfig(metadata: ImageMetadata): Finding[] {
  return runConfigChecks(metadata)
}
