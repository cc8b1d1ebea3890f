import type { ImageLayer, LayerRef } from '../core/index.js'
import type { FileResult, LayerAnalysis } from './layer-analysis.js'

/** A file's results as they stand in the merged view, with the layer that last wrote it. */
export interface MergedFile {
  readonly path: string
  readonly layerIndex: number
  readonly results: readonly FileResult[]
}

/** The merged view after each layer: what a container started from that layer would see. */
export interface MergedState {
  readonly files: ReadonlyMap<string, MergedFile>
}

function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`)
}

function applyDeletions(files: Map<string, MergedFile>, layer: LayerAnalysis): void {
  for (const dir of layer.opaques) {
    // An opaque directory hides everything the lower layers put inside it (not the dir itself).
    for (const p of files.keys()) if (p !== dir && isUnder(p, dir)) files.delete(p)
  }
  for (const gone of layer.whiteouts) {
    for (const p of files.keys()) if (isUnder(p, gone)) files.delete(p)
  }
}

/**
 * Applies layers bottom-up as the container runtime does: whiteouts and opaque directories
 * delete from the layers below, then the layer's own files replace lower copies.
 * Returns the state after every layer (index i = the view with layers 0..i).
 */
export function mergeLayers(layers: readonly LayerAnalysis[]): MergedState[] {
  const files = new Map<string, MergedFile>()
  const states: MergedState[] = []
  layers.forEach((layer, layerIndex) => {
    applyDeletions(files, layer)
    for (const [path, results] of Object.entries(layer.files)) {
      files.set(path, { path, layerIndex, results })
    }
    states.push({ files: new Map(files) })
  })
  return states
}

/** The LayerRef of an image layer, as findings and packages carry it. */
export function toLayerRef(l: ImageLayer): LayerRef {
  return {
    index: l.index,
    diffId: l.diffId,
    ...(l.digest ? { digest: l.digest } : {}),
    ...(l.createdBy ? { createdBy: l.createdBy } : {}),
  }
}
