import type { Finding } from './finding.js'
import type { ImageLayer, ImageSourceType } from './image.js'
import type { OsInfo, Package, Unknown } from './package.js'

/** What was scanned: an image, a root filesystem, an SBOM, a set of manifests, a cluster. */
export interface ScanArtifact {
  /** The reference or path as the user gave it. */
  readonly name: string
  readonly type: ImageSourceType | 'sbom' | 'filesystem' | 'kubernetes' | 'dockerfile'
  readonly repository?: string
  readonly tag?: string
  readonly manifestDigest?: string
  /** The image ID (config digest). */
  readonly configDigest?: string
  readonly size?: number
  readonly architecture?: string
  readonly layers?: readonly ImageLayer[]
  readonly labels?: Readonly<Record<string, string>>
}

/** The one report shape every renderer in report/ takes (json, table, sarif, cyclonedx, spdx, html). */
export interface ScanReport {
  readonly schemaVersion: 1
  /** ISO 8601 time the scan finished. */
  readonly createdAt: string
  readonly tool: { readonly name: 'bulwark'; readonly version: string }
  readonly artifact: ScanArtifact
  readonly os?: OsInfo
  readonly packages: readonly Package[]
  readonly findings: readonly Finding[]
  /** What could not be analyzed: listed, never fatal. */
  readonly unknowns: readonly Unknown[]
  /** Warnings for the reader (unsafe tar entries skipped, stale database...). */
  readonly warnings: readonly string[]
}
