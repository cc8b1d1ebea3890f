import type { PackageDraft } from '../../analyzer.js'
import { splitNpmName, toLangPackage } from './lang-package.js'

/** One npm-registry package as a lockfile or manifest declares it. */
export interface NpmPackageInput {
  /** The full name, scope included (`@babel/core`). */
  readonly fullName: string
  readonly version: string
  readonly licenses?: readonly string[]
  readonly path: string
  readonly line?: number | undefined
  readonly foundBy: string
  readonly dev?: boolean | undefined
}

/**
 * Builds an npm package draft (shared by the npm, yarn and pnpm analyzers): the scope goes into
 * `namespace` and the purl (`pkg:npm/%40babel/core@7.0.0`). Returns undefined for an invalid name.
 */
export function toNpmPackage(p: NpmPackageInput): PackageDraft | undefined {
  const split = splitNpmName(p.fullName)
  if (!split) return undefined
  return toLangPackage({
    type: 'npm',
    name: split.name,
    namespace: split.namespace,
    version: p.version,
    licenses: p.licenses ?? [],
    path: p.path,
    line: p.line,
    foundBy: p.foundBy,
    dev: p.dev,
  })
}

/**
 * Splits `name@range` (as lockfiles key their entries) at the separating `@`, which is never the
 * first character (scoped names start with one). Returns undefined when there is no separator.
 */
export function splitNameAtRange(spec: string): { name: string; range: string } | undefined {
  const at = spec.indexOf('@', 1)
  if (at <= 0) return undefined
  return { name: spec.slice(0, at), range: spec.slice(at + 1) }
}

/** Deduplicates drafts by name and version; a package is dev only if every occurrence is. */
export function dedupeDrafts(drafts: readonly PackageDraft[]): PackageDraft[] {
  const byKey = new Map<string, PackageDraft>()
  for (const d of drafts) {
    const key = d.purl
    const seen = byKey.get(key)
    if (!seen) {
      byKey.set(key, d)
      continue
    }
    const dev =
      seen.dev === undefined && d.dev === undefined
        ? undefined
        : seen.dev === true && d.dev === true
    byKey.set(key, { ...seen, ...(dev === undefined ? {} : { dev }) })
  }
  return [...byKey.values()]
}
