import {
  isOsPackageType,
  packageKey,
  toPurl,
  type ImageLayer,
  type OsInfo,
  type Package,
  type Unknown,
} from '../core/index.js'
import type { DeclaredLicenses, FileOwnership, PackageDraft } from './analyzer.js'
import { toLayerRef, type MergedState } from './merge.js'
import { detectOs, osDistroQualifier } from './os/index.js'

/** A package draft with the place it was declared. */
interface Located {
  readonly draft: PackageDraft
  readonly path: string
  readonly layerIndex: number
}

/** Everything one merged view declares, before dedupe. */
export interface Collected {
  readonly located: readonly Located[]
  readonly os: readonly OsInfo[]
  readonly ownership: readonly FileOwnership[]
  readonly licenses: readonly DeclaredLicenses[]
  readonly unknowns: readonly (Unknown & { readonly layerIndex: number })[]
}

/** Gathers the packages, OS facts, ownership and unknowns of one merged view. */
export function collect(state: MergedState): Collected {
  const located: Located[] = []
  const os: OsInfo[] = []
  const ownership: FileOwnership[] = []
  const licenses: DeclaredLicenses[] = []
  const unknowns: (Unknown & { layerIndex: number })[] = []
  for (const f of state.files.values()) {
    for (const { result } of f.results) {
      for (const draft of result.packages) located.push({ draft, path: f.path, layerIndex: f.layerIndex })
      if (result.os) os.push(result.os)
      if (result.ownership) ownership.push(...result.ownership)
      if (result.licenses) licenses.push(...result.licenses)
      for (const u of result.unknowns) unknowns.push({ ...u, layerIndex: f.layerIndex })
    }
  }
  return { located, os, ownership, licenses, unknowns }
}

/** The set of package keys a view holds: used to find where each package was introduced. */
export function keysOf(c: Collected): Set<string> {
  return new Set(c.located.map((l) => packageKey(l.draft)))
}

function osPurl(p: PackageDraft, os: OsInfo | undefined): string {
  if (!os || !isOsPackageType(p.type)) return p.purl
  // ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst (deb, apk, rpm)
  // rpm carries the epoch as a qualifier (spec example); deb keeps it in the version as Syft does.
  const m = p.type === 'rpm' ? /^(\d+):(.+)$/.exec(p.version) : null
  return toPurl({
    type: p.type,
    namespace: os.family,
    name: p.name,
    version: m?.[2] ?? p.version,
    qualifiers: { arch: p.arch, distro: osDistroQualifier(os), epoch: m?.[1] },
  })
}

function ownedFiles(p: PackageDraft, owners: readonly FileOwnership[]): readonly string[] | undefined {
  const mine = owners.filter(
    (o) => o.type === p.type && o.name === p.name && (!o.arch || !p.arch || o.arch === p.arch),
  )
  if (mine.length === 0) return p.files
  return [...new Set(mine.flatMap((o) => o.files))]
}

/**
 * Turns the final view into packages: one per identity (locations merged), OS purls rewritten
 * with the distribution, owned files attached, and each package's introducing layer: the
 * lowest layer from which it is present in every view up to the top.
 */
export function finalizePackages(
  final: Collected,
  keysPerLayer: readonly Set<string>[],
  layers: readonly ImageLayer[],
): { os: OsInfo | undefined; packages: Package[] } {
  const os = detectOs(final.os)
  const byKey = new Map<string, { draft: PackageDraft; where: Located[] }>()
  for (const l of final.located) {
    const key = packageKey(l.draft)
    const entry = byKey.get(key)
    if (entry) entry.where.push(l)
    else byKey.set(key, { draft: l.draft, where: [l] })
  }
  const packages: Package[] = []
  for (const [key, { draft: withDev, where }] of byKey) {
    const { dev: _dev, ...draft } = withDev
    let intro = keysPerLayer.length - 1
    while (intro > 0 && keysPerLayer[intro - 1]?.has(key)) intro--
    const layer = layers[intro]
    const files = ownedFiles(draft, final.ownership)
    const declared = draft.licenses.length > 0 ? draft.licenses : declaredLicenses(draft, final.licenses)
    packages.push({
      ...draft,
      licenses: declared,
      purl: osPurl(draft, os),
      locations: where.map((w) => ({
        path: w.path,
        ...lineOf(w),
        ...(layers[w.layerIndex] ? { layer: toLayerRef(layers[w.layerIndex] as ImageLayer) } : {}),
      })),
      ...(layer ? { layer: toLayerRef(layer) } : {}),
      ...(files ? { files } : {}),
      // Development-only when every declaration says so.
      ...(where.every((w) => w.draft.dev === true) ? { dev: true } : {}),
    })
  }
  packages.sort(comparePackages)
  return { os, packages: withSourceLicenses(packages) }
}

/** The line the declaring file gave the package, when its analyzer knows it. */
function lineOf(w: Located): { line: number } | Record<string, never> {
  const line = w.draft.locations?.find((l) => l.path === w.path)?.line
  return line !== undefined ? { line } : {}
}

function declaredLicenses(p: PackageDraft, all: readonly DeclaredLicenses[]): readonly string[] {
  const hit = all.find((d) => d.type === p.type && d.name === p.name)
  return hit ? hit.licenses : p.licenses
}

const sourceKey = (p: Package): string | undefined => (p.source ? `${p.source.name}\0${p.source.version}` : undefined)

/**
 * Debian packages without licenses of their own take those of a package built from the same
 * source (name and version): a binary package's /usr/share/doc/<pkg> may be a symbolic link to a
 * sibling's (libgcc-s1 -> gcc-12-base), whose copyright file is the one copyright of the source.
 * ref: https://www.debian.org/doc/debian-policy/ch-docs.html#copyright-information (12.5)
 */
function withSourceLicenses(packages: Package[]): Package[] {
  const bySource = new Map<string, readonly string[]>()
  for (const p of packages) {
    const k = p.type === 'deb' && p.licenses.length > 0 ? sourceKey(p) : undefined
    if (k !== undefined && !bySource.has(k)) bySource.set(k, p.licenses)
  }
  if (bySource.size === 0) return packages
  return packages.map((p) => {
    if (p.type !== 'deb' || p.licenses.length > 0) return p
    const k = sourceKey(p)
    const licenses = k === undefined ? undefined : bySource.get(k)
    return licenses ? { ...p, licenses } : p
  })
}

// One collator for the whole sort: String#localeCompare builds one per call (the same default-locale order).
let collator: Intl.Collator | undefined

function comparePackages(a: Package, b: Package): number {
  const c = (collator ??= new Intl.Collator()).compare
  return c(a.type, b.type) || c(a.name, b.name) || c(a.version, b.version)
}
