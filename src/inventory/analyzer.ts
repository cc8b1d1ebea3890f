import type { Logger, OsInfo, Package, PackageType, Unknown } from '../core/index.js'

/** The file an analyzer is handed: one path of one layer (or of a root filesystem). */
export interface FileInput {
  /** Path relative to the image root, no leading slash. */
  readonly path: string
  readonly size: number
  readonly mode: number
  /** Reads the whole file (bounded by the image's per-file cap). */
  read(): Promise<Buffer>
}

/** Context an analyzer's parse receives. The OS is known only to post-analysis steps. */
export interface AnalyzeContext {
  readonly log: Logger
}

/**
 * A package as an analyzer reports it: everything but the layer, which the inventory engine
 * fills in from where the declaring file came from. `locations` holds paths only.
 */
export type PackageDraft = Omit<Package, 'layer' | 'locations'> & {
  readonly locations?: readonly { readonly path: string; readonly line?: number }[]
}

/** Files owned by an OS package (dpkg info/*.list): matched to packages by type, name and arch. */
export interface FileOwnership {
  readonly type: PackageType
  readonly name: string
  readonly arch?: string
  readonly files: readonly string[]
}

/**
 * Licenses declared for a package in a file of its own (dpkg's usr/share/doc/<pkg>/copyright):
 * attached by type and name to packages whose own database said nothing.
 */
export interface DeclaredLicenses {
  readonly type: PackageType
  readonly name: string
  readonly licenses: readonly string[]
}

/** What one parse returns. Bad entries go to unknowns; parsing continues. */
export interface AnalysisResult {
  readonly packages: readonly PackageDraft[]
  readonly os?: OsInfo
  readonly ownership?: readonly FileOwnership[]
  readonly licenses?: readonly DeclaredLicenses[]
  readonly unknowns: readonly { readonly path: string; readonly reason: string }[]
}

/** Cheap facts a path predicate may use. */
export interface FileMeta {
  readonly mode: number
  readonly size: number
}

/** A package analyzer (trivy analyzer + syft cataloger): declarative data and one pure parse. */
export interface Analyzer {
  /** Stable kebab-case id: appears in output, the --analyzers flag and the cache key. */
  readonly id: string
  /** Bump when output changes: it invalidates cached layer results. */
  readonly version: number
  readonly tags: readonly ('os' | 'installed' | 'language' | 'lockfile' | 'binary' | 'archive')[]
  /** Exact paths (no leading slash) this analyzer reads. */
  readonly paths?: readonly string[]
  /** A cheap predicate for everything `paths` cannot say (suffixes, folders, executables). */
  readonly match?: (path: string, meta: FileMeta) => boolean
  /** Turns one file into packages; no I/O beyond `file.read()`. Throws only on unreadable input. */
  readonly parse: (file: FileInput, ctx: AnalyzeContext) => AnalysisResult | Promise<AnalysisResult>
}

/** Declares an analyzer; the identity function that gives plugins one checked shape. */
export function defineAnalyzer<const A extends Analyzer>(a: A): A {
  return a
}

/** An empty result: for files that turn out to hold nothing. */
export function emptyResult(): AnalysisResult {
  return { packages: [], unknowns: [] }
}

export type { Unknown }
