import { toPurl } from '../../../core/index.js'
import type { PackageType } from '../../../core/index.js'
import type { PackageDraft } from '../../analyzer.js'

/** What a language analyzer knows about one package. */
export interface LangPackageInput {
  readonly type: PackageType
  /** The name without its namespace (npm scope or composer vendor go in `namespace`). */
  readonly name: string
  readonly version: string
  readonly namespace?: string | undefined
  /** The name written into the purl when it differs (pypi: normalized). */
  readonly purlName?: string | undefined
  readonly licenses: readonly string[]
  /** The file that declared the package. */
  readonly path: string
  /** 1-based line of the declaration in that file, when the parser knows it. */
  readonly line?: number | undefined
  /** The analyzer id. */
  readonly foundBy: string
  readonly dev?: boolean | undefined
}

/**
 * Builds a package draft with its purl made by `toPurl`, so every language analyzer writes
 * names, namespaces and versions into package URLs the same way.
 */
export function toLangPackage(p: LangPackageInput): PackageDraft {
  const purl = toPurl({
    type: p.type,
    namespace: p.namespace,
    name: p.purlName ?? p.name,
    version: p.version,
  })
  return {
    name: p.name,
    version: p.version,
    type: p.type,
    purl,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    licenses: [...p.licenses],
    locations: [p.line !== undefined ? { path: p.path, line: p.line } : { path: p.path }],
    foundBy: p.foundBy,
    ...(p.dev === undefined ? {} : { dev: p.dev }),
  }
}

/**
 * Splits an npm package name into scope and bare name: `@babel/core` -> `@babel` + `core`.
 * Returns undefined for names npm would refuse (empty parts, more than one slash).
 */
export function splitNpmName(full: string): { namespace?: string; name: string } | undefined {
  if (full === '' || full.length > 214) return undefined
  if (!full.startsWith('@')) return full.includes('/') ? undefined : { name: full }
  const parts = full.split('/')
  const [scope, name] = parts
  if (parts.length !== 2 || !scope || scope === '@' || !name) return undefined
  return { namespace: scope, name }
}
