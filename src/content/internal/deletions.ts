import type { Finding, ImageMetadata } from '../../core/index.js'
import type { LayerDeletions } from '../../inventory/index.js'
import { layerNote } from './finding.js'

// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md#whiteouts
/** The first layer above `layerIndex` that deletes `path` (a whiteout of it or of a folder above it, an opaque folder above it). */
function deletedIn(path: string, layerIndex: number, layers: readonly { whiteouts: Set<string>; opaques: Set<string> }[]): number | undefined {
  const ancestors: string[] = []
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) ancestors.push(path.slice(0, i))
  for (let j = layerIndex + 1; j < layers.length; j++) {
    const l = layers[j] as { whiteouts: Set<string>; opaques: Set<string> }
    if (l.whiteouts.has(path) || ancestors.some((a) => l.whiteouts.has(a) || l.opaques.has(a))) return j
  }
  return undefined
}

/**
 * Marks the findings on files a later layer deletes: the file is gone from the container's view
 * but not from the image (its layer is still pulled with it), which is exactly how secrets leak.
 * The finding keeps its severity; its description and `details.deletedInLayer` say where it was
 * deleted. Findings without a file in a layer are returned as they are.
 */
export function markDeleted(findings: readonly Finding[], m: ImageMetadata, deletions: readonly LayerDeletions[] | undefined): Finding[] {
  const layers = (deletions ?? []).map((d) => ({ whiteouts: new Set(d.whiteouts), opaques: new Set(d.opaques) }))
  if (!layers.some((l) => l.whiteouts.size > 0 || l.opaques.size > 0)) return [...findings]
  return findings.map((f) => {
    const path = f.location?.path
    const at = f.location?.layerIndex
    if (path === undefined || at === undefined) return f
    const j = deletedIn(path, at, layers)
    if (j === undefined) return f
    const note = `Deleted in ${layerNote(m, j)}, yet still in ${layerNote(m, at)}: anyone who pulls the image can read it.`
    return {
      ...f,
      description: f.description ? `${f.description} ${note}` : note,
      details: { ...(f.details ?? {}), deletedInLayer: j },
    }
  })
}
