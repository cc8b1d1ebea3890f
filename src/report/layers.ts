import { shortDigest } from '../core/index.js'
import type { LayerSummary, PackageRef } from '../inventory/index.js'

/** Output formats of the layer view. */
export const LAYER_FORMATS = ['table', 'json'] as const
export type LayerFormat = (typeof LAYER_FORMATS)[number]

function human(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`
}

function names(list: readonly PackageRef[], max: number): string {
  const shown = list.slice(0, max).map((p) => `${p.name}@${p.version}`)
  return list.length > max ? `${shown.join(', ')} … (+${list.length - max})` : shown.join(', ')
}

function clip(s: string, width: number): string {
  const one = s.replace(/\s+/g, ' ').trim()
  return one.length > width ? `${one.slice(0, width - 1)}…` : one
}

/**
 * Renders the seed's "layer info": per layer its digest, size, created_by and the packages it
 * added or removed.
 */
export function renderLayers(
  image: string,
  layers: readonly LayerSummary[],
  format: LayerFormat,
  opts: { width?: number } = {},
): string {
  if (format === 'json') {
    const rows = layers.map((l) => ({
      index: l.layer.index,
      digest: l.layer.digest ?? null,
      diffId: l.layer.diffId,
      size: l.layer.size,
      mediaType: l.layer.mediaType ?? null,
      createdBy: l.layer.createdBy ?? null,
      created: l.layer.created ?? null,
      added: l.added,
      removed: l.removed,
    }))
    return JSON.stringify({ image, layers: rows }, null, 2)
  }
  const width = Math.max(60, opts.width ?? 120)
  const out = [`Layers of ${image}`, '']
  for (const l of layers) {
    const id = l.layer.digest ?? l.layer.diffId
    out.push(`#${l.layer.index}  ${id ? shortDigest(id) : '(rootfs)'}  ${human(l.layer.size)}`)
    if (l.layer.createdBy) out.push(`    created by: ${clip(l.layer.createdBy, width - 16)}`)
    out.push(`    packages:   +${l.added.length} -${l.removed.length}`)
    if (l.added.length) out.push(`    added:      ${clip(names(l.added, 12), width - 16)}`)
    if (l.removed.length) out.push(`    removed:    ${clip(names(l.removed, 12), width - 16)}`)
  }
  return out.join('\n')
}
