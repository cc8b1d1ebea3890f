// ref: https://ossf.github.io/osv-schema/#affectedpackage-field (ecosystem names)
import { apk } from './apk.js'
import { composer } from './composer.js'
import { dpkg } from './dpkg.js'
import { gem } from './gem.js'
import { go } from './go.js'
import { maven } from './maven.js'
import { npm } from './npm.js'
import { nuget } from './nuget.js'
import { pep440 } from './pep440.js'
import { rpm } from './rpm.js'
import type { VersionScheme } from './scheme.js'
import { semver } from './semver.js'

/**
 * Every scheme, by id: the one explicit list (STYLE.md, registries are explicit lists).
 */
export const SCHEMES = [dpkg, apk, rpm, semver, npm, pep440, maven, go, gem, nuget, composer] as const

/** OSV ecosystem base names (lower-cased) and the scheme their versions use. */
const BY_ECOSYSTEM: ReadonlyMap<string, VersionScheme> = new Map([
  ['debian', dpkg],
  ['ubuntu', dpkg],
  ['alpine', apk],
  ['wolfi', apk],
  ['chainguard', apk],
  ['minimos', apk],
  ['red hat', rpm],
  ['rocky linux', rpm],
  ['almalinux', rpm],
  ['opensuse', rpm],
  ['suse', rpm],
  ['mageia', rpm],
  ['openeuler', rpm],
  ['photon os', rpm],
  ['npm', npm],
  ['pypi', pep440],
  ['go', go],
  ['maven', maven],
  ['crates.io', semver],
  ['rubygems', gem],
  ['nuget', nuget],
  ['packagist', composer],
  // Hex (Elixir's Version) is SemVer 2.0.0. Pub is SemVer too; pub_semver additionally sorts
  // `1.0.0+build` after `1.0.0`, which precedence (and so this scheme) ignores.
  ['hex', semver],
  ['pub', semver],
  // OSV ranges of type SEMVER, whatever the ecosystem.
  ['semver', semver],
])

/**
 * The version scheme of an OSV ecosystem name. Release suffixes are ignored (`Debian:12`,
 * `Ubuntu:Pro:18.04:LTS`, `Alpine:v3.19`, `Red Hat:enterprise_linux:9::appstream` all name
 * their base ecosystem), and so is case. `SEMVER` gives the scheme for SEMVER-typed ranges.
 * Undefined for ecosystems without a version order (GIT, Linux, OSS-Fuzz...).
 *
 * @example schemeForEcosystem('Debian:12')?.compare('1.0-1', '1.0-1+b1') // -1
 */
export function schemeForEcosystem(osvEcosystem: string): VersionScheme | undefined {
  const base = osvEcosystem.split(':')[0]?.trim().toLowerCase() ?? ''
  return BY_ECOSYSTEM.get(base)
}

/** Package types (core's PackageType, purl types) and their schemes. */
const BY_PACKAGE_TYPE: ReadonlyMap<string, VersionScheme> = new Map([
  ['deb', dpkg],
  ['apk', apk],
  ['rpm', rpm],
  ['npm', npm],
  ['pypi', pep440],
  ['golang', go],
  ['maven', maven],
  ['gem', gem],
  ['cargo', semver],
  ['nuget', nuget],
  ['composer', composer],
])

/**
 * The version scheme of a package type (core's `PackageType`, which are purl types: deb, apk,
 * rpm, npm, pypi, golang, maven, gem, cargo, nuget, composer). Takes a string so that this
 * folder stays free of imports; undefined for a type without a scheme.
 */
export function schemeForPackageType(type: string): VersionScheme | undefined {
  return BY_PACKAGE_TYPE.get(type)
}
