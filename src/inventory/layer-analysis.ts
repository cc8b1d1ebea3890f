import type { ImageSource, LayerEntry, LayerWarning, Logger } from '../core/index.js'
import type { AnalysisResult, Analyzer } from './analyzer.js'

/** One analyzer's result for one file. */
export interface FileResult {
  readonly analyzer: string
  readonly result: AnalysisResult
}

/**
 * What one layer holds for the inventory: results by path, and what it deletes from the
 * layers below. Serializable: cached by diffID so an unchanged layer is never read twice.
 */
export interface LayerAnalysis {
  readonly files: Readonly<Record<string, readonly FileResult[]>>
  readonly whiteouts: readonly string[]
  readonly opaques: readonly string[]
  readonly warnings: readonly LayerWarning[]
  readonly entries: number
  readonly bytes: number
  /** Results of the extra layer scanners by scanner id (content checks), JSON-serializable. */
  readonly scanners?: Readonly<Record<string, unknown>>
}

/** An entry as a layer scanner sees it (the body is read on demand). */
export type ScannedEntry = Omit<LayerEntry, 'read'>

/**
 * A scanner that rides along the inventory's single pass over a layer (secrets, malware, file
 * checks): one instance per layer, created by `LayerScanner.start`.
 */
export interface LayerScanner {
  /** Stable id; with `version` it is part of the layer cache key. */
  readonly id: string
  readonly version: number
  start(layerIndex: number): LayerScan
}

/** One layer's run of a LayerScanner. */
export interface LayerScan {
  /** Cheap: decides from path and metadata whether `visit` wants this entry. */
  wants(entry: ScannedEntry): boolean
  visit(entry: ScannedEntry, read: () => Promise<Buffer>): void | Promise<void>
  /** The layer's result, JSON-serializable (it is cached by diffID); may take its time (an external scanner). */
  finish(): unknown
}

/** Analyzers indexed for the hot path: a map lookup for exact paths, predicates for the rest. */
export interface AnalyzerIndex {
  readonly byPath: ReadonlyMap<string, readonly Analyzer[]>
  readonly byMatch: readonly Analyzer[]
}

/** Builds the index once per scan. */
export function indexAnalyzers(analyzers: readonly Analyzer[]): AnalyzerIndex {
  const byPath = new Map<string, Analyzer[]>()
  const byMatch: Analyzer[] = []
  for (const a of analyzers) {
    for (const p of a.paths ?? []) byPath.set(p, [...(byPath.get(p) ?? []), a])
    if (a.match) byMatch.push(a)
  }
  return { byPath, byMatch }
}

const NONE: readonly never[] = []

/** The analyzers that want this file; one shared empty list for the many files none want. */
function wanted(index: AnalyzerIndex, e: LayerEntry): readonly Analyzer[] {
  const byPath = index.byPath.get(e.path)
  let out: Analyzer[] | undefined = byPath ? [...byPath] : undefined
  for (const a of index.byMatch) {
    if (!out?.includes(a) && a.match?.(e.path, { mode: e.mode, size: e.size })) (out ??= []).push(a)
  }
  return out ?? NONE
}

async function runAnalyzers(
  e: LayerEntry,
  list: readonly Analyzer[],
  log: Logger,
  contexts: Map<string, { log: Logger }>,
): Promise<FileResult[]> {
  let body: Promise<Buffer> | undefined
  const file = { path: e.path, size: e.size, mode: e.mode, read: () => (body ??= e.read()) }
  const out: FileResult[] = []
  for (const a of list) {
    // One child logger per analyzer and layer: pino children are too costly to make per file.
    let ctx = contexts.get(a.id)
    if (!ctx) contexts.set(a.id, (ctx = { log: log.child({ component: 'analyzer', analyzer: a.id }) }))
    try {
      const result = await a.parse(file, ctx)
      if (result.packages.length || result.os || result.ownership?.length || result.licenses?.length || result.unknowns.length) {
        out.push({ analyzer: a.id, result })
      }
    } catch (err) {
      // An analyzer that cannot read its file degrades the result; it never stops the scan.
      // Size-limit errors are the exception: they must abort the whole image.
      if (isFatal(err)) throw err
      const reason = err instanceof Error ? err.message : String(err)
      log.warn({ path: e.path, analyzer: a.id, err: reason }, 'analyzer failed on file')
      out.push({ analyzer: a.id, result: { packages: [], unknowns: [{ path: e.path, reason }] } })
    }
  }
  return out
}

function isFatal(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.name === 'ImageError' &&
    'code' in err &&
    ['SIZE_LIMIT', 'LAYER_CORRUPT', 'DIGEST_MISMATCH'].includes(String(err.code))
  )
}

/** Streams one layer once and runs every interested analyzer on each file it holds. */
export async function analyzeLayer(
  source: ImageSource,
  layerIndex: number,
  index: AnalyzerIndex,
  log: Logger,
  scanners: readonly LayerScanner[] = [],
): Promise<LayerAnalysis> {
  const files: Record<string, FileResult[]> = {}
  const whiteouts: string[] = []
  const opaques: string[] = []
  const scans = scanners.map((s) => ({ id: s.id, scan: s.start(layerIndex) }))
  const contexts = new Map<string, { log: Logger }>()
  const visitFile = async (e: LayerEntry, read: () => Promise<Buffer>, wanting: readonly LayerScan[], list: readonly Analyzer[]): Promise<void> => {
    for (const scan of wanting) await scan.visit(e, read)
    // Recorded even when empty: an upper layer's copy of a file replaces the lower one's packages.
    if (list.length > 0) files[e.path] = await runAnalyzers({ ...e, read }, list, log, contexts)
  }
  // Synchronous for the many entries nobody wants: no promise, no microtask per entry.
  const walk = await source.walkLayer(layerIndex, (e) => {
    if (e.kind === 'whiteout') return void whiteouts.push(e.path)
    if (e.kind === 'opaque') return void opaques.push(e.path)
    let wanting: LayerScan[] | undefined
    for (const { scan } of scans) if (scan.wants(e)) (wanting ??= []).push(scan)
    const list = e.kind === 'file' ? wanted(index, e) : NONE
    if (!wanting && list.length === 0) return
    let body: Promise<Buffer> | undefined
    const read = () => (body ??= e.read())
    return visitFile(e, read, wanting ?? NONE, list)
  })
  // awaited together: a scanner that runs a program at the layer's end (YARA) does not hold the thread
  const scannerResults = Object.fromEntries(await Promise.all(scans.map(async ({ id, scan }) => [id, await scan.finish()] as const)))
  return {
    files,
    whiteouts,
    opaques,
    warnings: walk.warnings,
    entries: walk.entries,
    bytes: walk.bytes,
    ...(scans.length ? { scanners: scannerResults } : {}),
  }
}
