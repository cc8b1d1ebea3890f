import {
  packageKey,
  sha256Digest,
  silentLogger,
  type ImageLayer,
  type ImageSource,
  type LayerWarning,
  type Logger,
  type OsInfo,
  type Package,
  type ResultCache,
  type Unknown,
} from '../core/index.js'
import type { Analyzer } from './analyzer.js'
import { collect, finalizePackages, keysOf } from './finalize.js'
import {
  analyzeLayer,
  indexAnalyzers,
  type AnalyzerIndex,
  type LayerAnalysis,
  type LayerScanner,
} from './layer-analysis.js'
import { mergeLayers, toLayerRef } from './merge.js'

/** A package as a layer summary names it. */
export interface PackageRef {
  readonly type: string
  readonly name: string
  readonly version: string
}

/** Per layer: what it is and which packages it added or removed (the seed's "layer info"). */
export interface LayerSummary {
  readonly layer: ImageLayer
  readonly added: readonly PackageRef[]
  readonly removed: readonly PackageRef[]
  /** True when the layer's analysis came from the cache instead of reading the layer. */
  readonly cached: boolean
  readonly entries: number
  readonly bytes: number
}

/** The inventory of one image. */
export interface Inventory {
  readonly os?: OsInfo
  readonly packages: readonly Package[]
  readonly unknowns: readonly Unknown[]
  readonly warnings: readonly LayerWarning[]
  readonly layers: readonly LayerSummary[]
  /** Each layer's scanner results by scanner id, in layer order. */
  readonly scanners: readonly Readonly<Record<string, unknown>>[]
  /** What each layer deletes from the layers below it (whiteouts, opaque folders), in layer order. */
  readonly deletions: readonly LayerDeletions[]
}

/** Paths (relative, no leading slash) a layer's whiteouts delete and folders it makes opaque. */
export interface LayerDeletions {
  readonly whiteouts: readonly string[]
  readonly opaques: readonly string[]
}

/** Options of one inventory run. */
export interface InventoryOptions {
  readonly analyzers: readonly Analyzer[]
  /** Layer results by diffID; layers without a diffID (rootfs) are never cached. */
  readonly cache?: ResultCache
  /** Layers read at once (each decompresses on its own thread). */
  readonly concurrency?: number
  readonly log?: Logger
  /** Called after each layer, for progress. */
  readonly onLayer?: (done: number, total: number) => void
  /** Scanners that ride along the same pass over each layer (content checks). */
  readonly scanners?: readonly LayerScanner[]
}

const ENGINE_VERSION = 1
/** Bump when merging and finalizing change what an image's inventory holds (whole-image entries only). */
const MERGE_VERSION = 4

function pluginHash(opts: InventoryOptions): string {
  const plugins = [...opts.analyzers, ...(opts.scanners ?? [])]
  const ids = plugins.map((a) => `${a.id}@${a.version}`).sort().join(',')
  return sha256Digest(`${ENGINE_VERSION}|${ids}`).slice(7, 23)
}

function cacheKey(layer: ImageLayer, opts: InventoryOptions): string | undefined {
  if (!layer.diffId) return undefined
  return `layer/${layer.diffId}/${pluginHash(opts)}`
}

/**
 * The whole inventory of an image is cached too, by its config digest and the digests of its
 * blobs as stored (so every layer reference in it is exact): a second scan of an unchanged image
 * then reads one entry instead of merging every layer again. Images without a config digest or
 * with a layer lacking a diffID (rootfs) are not cached.
 */
function imageKey(source: ImageSource, opts: InventoryOptions): string | undefined {
  const m = source.metadata
  if (!m.configDigest || m.layers.some((l) => !l.diffId)) return undefined
  const blobs = m.layers.map((l) => `${l.digest ?? ''}:${l.diffId}`).join(',')
  return `image/${sha256Digest(`${m.configDigest}|${blobs}`).slice(7)}/${pluginHash(opts)}-m${MERGE_VERSION}`
}

async function analyzeOne(
  source: ImageSource,
  layer: ImageLayer,
  index: AnalyzerIndex,
  opts: InventoryOptions,
): Promise<{ analysis: LayerAnalysis; cached: boolean }> {
  const log = opts.log ?? silentLogger
  const key = cacheKey(layer, opts)
  const hit = key ? await opts.cache?.get(key) : undefined
  if (hit) return { analysis: JSON.parse(hit) as LayerAnalysis, cached: true }
  const analysis = await analyzeLayer(source, layer.index, index, log, opts.scanners)
  if (key) await opts.cache?.set(key, JSON.stringify(analysis))
  return { analysis, cached: false }
}

/** Runs `fn` over `items` with at most `n` in flight, keeping results in order. */
async function mapLimit<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker))
  return out
}

function toRef(p: { draft: { type: string; name: string; version: string } }): PackageRef {
  return { type: p.draft.type, name: p.draft.name, version: p.draft.version }
}

/**
 * Inventories an opened image: every layer streamed once (or taken from the cache by diffID),
 * results merged as the container sees the filesystem, packages attributed to their layer.
 */
export async function inventoryImage(source: ImageSource, opts: InventoryOptions): Promise<Inventory> {
  const key = opts.cache ? imageKey(source, opts) : undefined
  const hit = key ? await opts.cache?.get(key) : undefined
  if (hit) {
    const inv = JSON.parse(hit) as Inventory
    opts.onLayer?.(inv.layers.length, inv.layers.length)
    return { ...inv, layers: inv.layers.map((l) => ({ ...l, cached: true })) }
  }
  const inv = await inventoryLayers(source, opts)
  if (key) await opts.cache?.set(key, JSON.stringify(inv))
  return inv
}

async function inventoryLayers(source: ImageSource, opts: InventoryOptions): Promise<Inventory> {
  const layers = source.metadata.layers
  const index = indexAnalyzers(opts.analyzers)
  let done = 0
  const analyzed = await mapLimit(layers, opts.concurrency ?? 2, async (layer) => {
    const r = await analyzeOne(source, layer, index, opts)
    opts.onLayer?.(++done, layers.length)
    return r
  })
  const states = mergeLayers(analyzed.map((a) => a.analysis))
  const collected = states.map(collect)
  const keys = collected.map(keysOf)
  const final = collected[collected.length - 1] ?? { located: [], os: [], ownership: [], licenses: [], unknowns: [] }
  const { os, packages } = finalizePackages(final, keys, layers)
  const summaries: LayerSummary[] = layers.map((layer, i) => {
    const before = i > 0 ? (keys[i - 1] as Set<string>) : new Set<string>()
    const now = keys[i] as Set<string>
    const cur = collected[i]?.located ?? []
    const prev = i > 0 ? (collected[i - 1]?.located ?? []) : []
    const uniq = (list: typeof cur, keep: (k: string) => boolean): PackageRef[] => {
      const seen = new Map<string, PackageRef>()
      for (const l of list) {
        const k = packageKey(l.draft)
        if (keep(k) && !seen.has(k)) seen.set(k, toRef(l))
      }
      return [...seen.values()]
    }
    const a = analyzed[i] as { analysis: LayerAnalysis; cached: boolean }
    return {
      layer,
      added: uniq(cur, (k) => !before.has(k)),
      removed: uniq(prev, (k) => !now.has(k)),
      cached: a.cached,
      entries: a.analysis.entries,
      bytes: a.analysis.bytes,
    }
  })
  const unknowns: Unknown[] = final.unknowns.map(({ layerIndex, ...u }) => ({
    ...u,
    ...(layers[layerIndex] ? { layer: toLayerRef(layers[layerIndex] as ImageLayer) } : {}),
  }))
  const warnings = analyzed.flatMap((a) => a.analysis.warnings)
  const scanners = analyzed.map((a) => a.analysis.scanners ?? {})
  const deletions = analyzed.map(({ analysis: a }) => ({ whiteouts: a.whiteouts, opaques: a.opaques }))
  return { ...(os ? { os } : {}), packages, unknowns, warnings, layers: summaries, scanners, deletions }
}
