import type { Package, ScanReport } from '../core/index.js'
import { IMAGE_SOURCE_TYPES, packageKey, toPurl } from '../core/index.js'
import { sortPackages } from './common.js'
import { shortHash } from './ids.js'
import type { LicenseClass } from './licenses.js'
import { classifyLicenses } from './licenses.js'

// ref: https://cyclonedx.org/docs/1.6/json/

/** A CycloneDX property: our own facts under the `bulwark:` namespace. */
export interface CdxProperty {
  readonly name: string
  readonly value: string
}

type CdxLicense =
  | { readonly license: { readonly id: string } | { readonly name: string } }
  | { readonly expression: string }

/**
 * CycloneDX licenses of a package. The schema allows either license objects or exactly one
 * expression: several ids and names stay separate objects; valid SPDX expressions are joined
 * into one expression unless free text is mixed in, in which case they are kept as names.
 */
export function cdxLicenses(licenses: readonly string[]): CdxLicense[] {
  const classes = classifyLicenses(licenses)
  const asObject = (c: LicenseClass): CdxLicense =>
    c.kind === 'id'
      ? { license: { id: c.id } }
      : { license: { name: c.kind === 'name' ? c.name : c.expression } }
  const hasExpression = classes.some((c) => c.kind === 'expression')
  const hasName = classes.some((c) => c.kind === 'name')
  if (!hasExpression || hasName) return classes.map(asObject)
  const many = classes.length > 1
  const parts = classes.map((c) =>
    c.kind === 'expression' ? (many ? `(${c.expression})` : c.expression) : c.kind === 'id' ? c.id : c.name,
  )
  return [{ expression: parts.join(' AND ') }]
}

function imagePurl(report: ScanReport): string | undefined {
  const a = report.artifact
  if (!a.manifestDigest || !a.repository) return undefined
  const repo = a.repository.toLowerCase()
  const name = repo.slice(repo.lastIndexOf('/') + 1)
  return toPurl({
    type: 'oci',
    name,
    version: a.manifestDigest,
    qualifiers: { repository_url: repo, arch: a.architecture, tag: a.tag },
  })
}

function imageProperties(report: ScanReport): CdxProperty[] {
  const a = report.artifact
  const props: CdxProperty[] = [{ name: 'bulwark:artifact:type', value: a.type }]
  if (a.configDigest) props.push({ name: 'bulwark:image:configDigest', value: a.configDigest })
  if (a.manifestDigest) props.push({ name: 'bulwark:image:manifestDigest', value: a.manifestDigest })
  if (a.size !== undefined) props.push({ name: 'bulwark:image:size', value: String(a.size) })
  for (const l of a.layers ?? []) {
    if (l.digest) props.push({ name: 'bulwark:image:layerDigest', value: l.digest })
    if (l.diffId) props.push({ name: 'bulwark:image:layerDiffID', value: l.diffId })
  }
  return props
}

/** The metadata component: the scanned image (or filesystem) with its digests. */
export function imageComponent(report: ScanReport): Record<string, unknown> & { 'bom-ref': string } {
  const a = report.artifact
  const purl = imagePurl(report)
  const isImage = (IMAGE_SOURCE_TYPES as readonly string[]).includes(a.type) && a.type !== 'rootfs'
  const digest = a.manifestDigest ?? a.configDigest
  const hex = digest?.startsWith('sha256:') ? digest.slice(7) : undefined
  return {
    'bom-ref': purl ?? `bulwark:artifact:${shortHash(`${a.type}:${a.name}:${digest ?? ''}`)}`,
    type: isImage ? 'container' : 'application',
    name: a.repository ?? a.name,
    ...(a.tag || digest ? { version: a.tag ?? digest } : {}),
    ...(hex && a.manifestDigest ? { hashes: [{ alg: 'SHA-256', content: hex }] } : {}),
    ...(purl ? { purl } : {}),
    properties: imageProperties(report),
  }
}

function packageProperties(p: Package): CdxProperty[] {
  const props: CdxProperty[] = [
    { name: 'bulwark:package:type', value: p.type },
    { name: 'bulwark:package:foundBy', value: p.foundBy },
  ]
  if (p.source) {
    props.push({ name: 'bulwark:package:sourceName', value: p.source.name })
    props.push({ name: 'bulwark:package:sourceVersion', value: p.source.version })
  }
  if (p.dev) props.push({ name: 'bulwark:package:dev', value: 'true' })
  if (p.layer?.digest) props.push({ name: 'bulwark:layer:digest', value: p.layer.digest })
  if (p.layer?.diffId) props.push({ name: 'bulwark:layer:diffID', value: p.layer.diffId })
  for (const l of p.locations) props.push({ name: 'bulwark:location:path', value: l.path })
  return props
}

/** Package components with unique bom-refs, and the bom-ref of each purl (its first package). */
export function packageComponents(report: ScanReport): {
  readonly components: Record<string, unknown>[]
  readonly refByPurl: ReadonlyMap<string, string>
} {
  const refByPurl = new Map<string, string>()
  const used = new Set<string>()
  const components: Record<string, unknown>[] = []
  for (const p of sortPackages(report.packages)) {
    let ref = p.purl || `bulwark:package:${shortHash(packageKey(p))}`
    if (used.has(ref)) ref = `${ref}#${shortHash(`${packageKey(p)}:${p.locations[0]?.path ?? ''}:${components.length}`)}`
    used.add(ref)
    if (p.purl && !refByPurl.has(p.purl)) refByPurl.set(p.purl, ref)
    const licenses = cdxLicenses(p.licenses)
    components.push({
      'bom-ref': ref,
      type: 'library',
      ...(p.namespace ? { group: p.namespace } : {}),
      name: p.name,
      version: p.version,
      ...(licenses.length > 0 ? { licenses } : {}),
      ...(p.purl ? { purl: p.purl } : {}),
      // where the package was declared: the file, and its line when the analyzer knows it (1.6)
      ...(p.locations.length > 0
        ? { evidence: { occurrences: p.locations.map((l) => ({ location: `/${l.path}`, ...(l.line !== undefined ? { line: l.line } : {}) })) } }
        : {}),
      properties: packageProperties(p),
    })
  }
  return { components, refByPurl }
}

/** The operating-system component, when the OS is known. */
export function osComponent(report: ScanReport): Record<string, unknown> | undefined {
  const os = report.os
  if (!os) return undefined
  const props: CdxProperty[] = []
  if (os.codename) props.push({ name: 'bulwark:os:codename', value: os.codename })
  if (os.distroless) props.push({ name: 'bulwark:os:distroless', value: 'true' })
  if (os.path) props.push({ name: 'bulwark:os:path', value: os.path })
  return {
    'bom-ref': `bulwark:os:${os.family}@${os.version}`,
    type: 'operating-system',
    name: os.family,
    ...(os.version ? { version: os.version } : {}),
    ...(os.name ? { description: os.name } : {}),
    ...(props.length > 0 ? { properties: props } : {}),
  }
}
