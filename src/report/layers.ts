import type { LayerSummary } from '../inventory/index.js'
import { shortDigest } from '../core/index.js'
import { withStableKeys } from './json.js'
import { drawTable, sanitizeCell } from './table-layout.js'

/** Formats `bulwark image layers` writes. */
export const LAYER_FORMATS = ['table', 'json'] as const
export type LayerFormat = (typeof LAYER_FORMATS)[number]

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

function changes(l: LayerSummary): string {
  const parts: string[] = []
  if (l.added.length > 0) parts.push(`+${l.added.length} ${l.added.slice(0, 3).map((p) => p.name).join(', ')}${l.added.length > 3 ? ', …' : ''}`)
  if (l.removed.length > 0) parts.push(`-${l.removed.length} ${l.removed.slice(0, 3).map((p) => p.name).join(', ')}${l.removed.length > 3 ? ', …' : ''}`)
  return parts.join('; ')
}

/**
 * Renders the per-layer view of an image: digest, size, created_by and the packages each
 * layer added or removed, as a table or as JSON.
 */
export function renderLayers(
  reference: string,
  layers: readonly LayerSummary[],
  format: LayerFormat,
  options: { readonly width?: number } = {},
): string {
  if (format === 'json') {
    return `${JSON.stringify(withStableKeys({ reference, layers }), null, 2)}\n`
  }
  const rows = layers.map((l) => ({
    cells: [
      String(l.layer.index),
      shortDigest(l.layer.digest ?? l.layer.diffId),
      size(l.layer.size),
      l.layer.createdBy ?? '',
      changes(l),
    ],
  }))
  const table = drawTable(
    { headers: ['#', 'Digest', 'Size', 'Created by', 'Packages'], rows, shrinkOrder: [3, 4] },
    Math.max(40, options.width ?? 160),
  )
  return `Layers of ${sanitizeCell(reference)}\n${table}\n`
}
