import { ContentLayerResult } from './results.js'

/** A parsed scanner result with the layer it came from. */
export type Layered<T> = T & { readonly layerIndex: number }

/**
 * Parses every layer's scanner results (as the inventory returns them, cached as JSON) and groups
 * them by type. Entries that are not content results, or are corrupt, are skipped.
 */
export function collectResults(layers: readonly Readonly<Record<string, unknown>>[]): Layered<ContentLayerResult>[] {
  const out: Layered<ContentLayerResult>[] = []
  for (const [layerIndex, results] of layers.entries()) {
    for (const value of Object.values(results)) {
      const parsed = ContentLayerResult.safeParse(value)
      if (parsed.success) out.push({ ...parsed.data, layerIndex })
    }
  }
  return out
}

/** The results of one type, in layer order. */
export function ofType<K extends ContentLayerResult['type']>(all: readonly Layered<ContentLayerResult>[], type: K): Layered<Extract<ContentLayerResult, { type: K }>>[] {
  return all.filter((r): r is Layered<Extract<ContentLayerResult, { type: K }>> => r.type === type)
}
