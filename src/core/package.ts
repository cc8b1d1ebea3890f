import type { FileLocation, LayerRef } from './layer.js'

/**
 * Package types, named as purl types (https://github.com/package-url/purl-spec):
 * OS package managers first, then language ecosystems.
 */
export const PACKAGE_TYPES = [
  'deb',
  'apk',
  'rpm',
  'npm',
  'pypi',
  'golang',
  'maven',
  'gem',
  'cargo',
  'nuget',
  'composer',
] as const
export type PackageType = (typeof PACKAGE_TYPES)[number]

/** True for packages installed by the operating system's package manager. */
export function isOsPackageType(t: PackageType): boolean {
  return t === 'deb' || t === 'apk' || t === 'rpm'
}

/** The operating system an image is built on. */
export interface OsInfo {
  /** os-release ID: debian, ubuntu, alpine, rhel, centos, rocky, almalinux, amzn, anolis, alinux, ... */
  readonly family: string
  /** VERSION_ID (e.g. "12", "22.04", "3.19.1"); empty when unknown (e.g. debian sid). */
  readonly version: string
  readonly name?: string
  /** VERSION_CODENAME when present (bookworm, jammy). */
  readonly codename?: string
  /** True when no package manager database exists but status.d or similar says distroless. */
  readonly distroless?: boolean
  /** The file it was read from. */
  readonly path?: string
}

/** One package found in an image, root filesystem or SBOM. */
export interface Package {
  readonly name: string
  readonly version: string
  readonly type: PackageType
  /** Package URL with distro and arch qualifiers for OS packages. */
  readonly purl: string
  /** Namespace part where the ecosystem has one (maven groupId, npm scope, golang module path prefix). */
  readonly namespace?: string
  readonly arch?: string
  /** Declared licenses as written by the package (SPDX expressions where the package says so). */
  readonly licenses: readonly string[]
  /** The source package for OS packages (dpkg Source:, apk origin, rpm source rpm). */
  readonly source?: { readonly name: string; readonly version: string }
  /** The file(s) that declared the package. */
  readonly locations: readonly FileLocation[]
  /** The layer that introduced the package (the lowest layer from which it is continuously present). */
  readonly layer?: LayerRef
  /** The analyzer that found it (analyzer id). */
  readonly foundBy: string
  /** How it was identified when more than one way exists (java: pom.properties | manifest | filename). */
  readonly evidence?: string
  /** Files the package owns (dpkg info/*.list), relative paths without a leading slash. */
  readonly files?: readonly string[]
  /** True for packages a lockfile lists as development-only. */
  readonly dev?: boolean
}

/** Something an analyzer could not parse: reported, never fatal (syft unknowns). */
export interface Unknown {
  readonly path: string
  readonly reason: string
  readonly layer?: LayerRef
}

/** A stable identity for a package within one image: type, name, version, arch and first path. */
export function packageKey(p: Pick<Package, 'type' | 'name' | 'version' | 'arch' | 'namespace'>): string {
  const ns = p.namespace ? `${p.namespace}/` : ''
  return `${p.type}:${ns}${p.name}@${p.version}${p.arch ? `:${p.arch}` : ''}`
}
