import type { ImageMetadata, Package, Severity } from '../../core/index.js'

/** A file fact with the layer that holds it. */
export interface LayeredPath {
  readonly path: string
  readonly layerIndex: number
}

/** What the file-based image checks see: facts from the image-files scanner, and the packages. */
export interface ImageFiles {
  readonly worldWritable: readonly (LayeredPath & { readonly mode: number; readonly kind: string })[]
  readonly caches: readonly (LayeredPath & { readonly manager: string; readonly files: number; readonly bytes: number })[]
  readonly sudo: readonly LayeredPath[]
  readonly packages: readonly Package[]
}

/** What an image check sees. `files` is absent when only the config is known (checkImageConfig). */
export interface ImageCheckInput {
  readonly metadata: ImageMetadata
  readonly files?: ImageFiles
}

/** One thing an image check found wrong. */
export interface ImageViolation {
  readonly message: string
  readonly evidence?: string
  /** Field path in the image config (`config.Env[2]`, `history[4].created_by`). */
  readonly pointer?: string
  readonly path?: string
  readonly layerIndex?: number
  readonly severity?: Severity
  /** ATT&CK catalogue id overriding the check's. */
  readonly attack?: string
}

/** An image-configuration check (STYLE.md section 3): metadata plus one pure function. */
export interface ImageCheck {
  /** `IMG-NNN` */
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly severity: Severity
  /** `config`: needs only the image config; `files`: needs the file facts (run by contentFindings). */
  readonly needs: 'config' | 'files'
  readonly rationale: string
  readonly remediation: string
  readonly references: readonly string[]
  /** ATT&CK catalogue id (src/core/attack.ts), when one applies. */
  readonly attack?: string
  check(input: ImageCheckInput): readonly ImageViolation[]
}

/** Declares an image check. */
export function defineImageCheck(def: ImageCheck): ImageCheck {
  return def
}

/** One history entry with the layer it made (empty_layer entries have none). */
export interface HistoryStep {
  readonly index: number
  readonly createdBy: string
  readonly layerIndex?: number
}

/** The history entries, each paired with the layer it created. */
export function historySteps(metadata: ImageMetadata): HistoryStep[] {
  let layer = 0
  return (metadata.config.history ?? []).map((h, index) => {
    const layerIndex = h.empty_layer ? undefined : layer++
    return { index, createdBy: h.created_by ?? '', ...(layerIndex !== undefined ? { layerIndex } : {}) }
  })
}
