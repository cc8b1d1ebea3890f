import type {
  ImageSource,
  Logger,
  OpenImageOptions,
  ResultCache,
  ScanArtifact,
  ScanReport,
} from '../core/index.js'
import type { AllowEntry, ContentOptions } from '../content/index.js'
import { inventoryImage, type Analyzer, type Inventory } from '../inventory/index.js'
import { openImage } from '../oci/index.js'

/** Options of one image scan. Engines get everything as arguments; nothing reads the environment. */
export interface ScanImageOptions {
  readonly reference: string
  readonly open: OpenImageOptions & { readonly env?: NodeJS.ProcessEnv }
  readonly analyzers: readonly Analyzer[]
  readonly cache?: ResultCache
  readonly log: Logger
  readonly toolVersion: string
  readonly onLayer?: (done: number, total: number) => void
  readonly now?: () => Date
  /**
   * Content checks (secrets, malware, YARA, image configuration) in the same pass over the
   * layers; off when absent (an SBOM needs only the inventory).
   */
  readonly content?: ContentOptions & {
    readonly allow?: readonly AllowEntry[]
    /** The base image: the bottom layers IMAGE shares with it are the base (default: the first layer). */
    readonly baseImage?: string
  }
}

/** A scan's report plus the inventory detail (layer summaries) the report does not carry. */
export interface ImageScan {
  readonly report: ScanReport
  readonly inventory: Inventory
}

function toArtifact(source: ImageSource): ScanArtifact {
  const m = source.metadata
  return {
    name: m.reference,
    type: m.sourceType,
    ...(m.repository ? { repository: m.repository } : {}),
    ...(m.tag ? { tag: m.tag } : {}),
    ...(m.manifestDigest ? { manifestDigest: m.manifestDigest } : {}),
    ...(m.configDigest ? { configDigest: m.configDigest } : {}),
    size: m.size,
    ...(m.config.architecture ? { architecture: m.config.architecture } : {}),
    layers: m.layers,
    ...(m.config.config?.Labels ? { labels: m.config.config.Labels } : {}),
  }
}

/** Opens an image, inventories it (with content checks when asked) and returns one report. */
export async function scanImage(opts: ScanImageOptions): Promise<ImageScan> {
  // Loaded only when asked: an SBOM run does not pay for the content checks' modules.
  const checks = opts.content ? await import('../content/index.js') : undefined
  // Built before the image opens: bad YARA rules fail early, before any layer is read.
  const scanners =
    checks && opts.content
      ? checks.contentScanners({ ...opts.content, tmpDir: opts.content.tmpDir ?? opts.open.tmpDir })
      : []
  const source = await openImage(opts.reference, { ...opts.open, log: opts.log })
  let baseLayers: number | undefined
  if (checks && opts.content?.baseImage !== undefined) {
    // only the base's manifest and config are read: its layer list is all that is compared
    const base = await openImage(opts.content.baseImage, { ...opts.open, log: opts.log }).catch(async (err: unknown) => {
      await source.close()
      throw err
    })
    try {
      baseLayers = checks.baseLayerCount(source.metadata, base.metadata)
    } finally {
      await base.close()
    }
  }
  try {
    const inventory = await inventoryImage(source, {
      analyzers: opts.analyzers,
      scanners,
      ...(opts.cache ? { cache: opts.cache } : {}),
      log: opts.log,
      ...(opts.onLayer ? { onLayer: opts.onLayer } : {}),
    })
    const content =
      checks && opts.content
      ? [
          ...checks.checkImageConfig(source.metadata),
          ...checks.contentFindings(
            {
              metadata: source.metadata, layers: inventory.scanners, packages: inventory.packages, deletions: inventory.deletions,
              ...(baseLayers !== undefined ? { baseLayers } : {}),
            },
            { allow: opts.content.allow ?? [] },
          ),
        ]
      : []
    const report: ScanReport = {
      schemaVersion: 1,
      createdAt: (opts.now?.() ?? new Date()).toISOString(),
      tool: { name: 'bulwark', version: opts.toolVersion },
      artifact: toArtifact(source),
      ...(inventory.os ? { os: inventory.os } : {}),
      packages: inventory.packages,
      findings: content,
      unknowns: inventory.unknowns,
      warnings: [
        ...inventory.warnings.map((w) => `layer ${w.layerIndex}: ${w.path}: ${w.reason}`),
        ...(checks ? checks.contentWarnings(inventory.scanners) : []),
        ...(baseLayers === 0 ? [`the base image ${opts.content?.baseImage ?? ''} shares no layer with this image: every layer counts as added above it`] : []),
      ],
    }
    return { report, inventory }
  } finally {
    await source.close()
  }
}
