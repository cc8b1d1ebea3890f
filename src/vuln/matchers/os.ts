import type { OsInfo, Package } from '../../core/index.js'
import { defineMatcher, type PackageQuery } from './internal/define-matcher.js'

// ref: https://ossf.github.io/osv-schema/#affectedpackage-field (ecosystem names with releases)

/** "12.4" -> "12"; "" -> undefined. */
function major(version: string): string | undefined {
  const m = /^(\d+)/.exec(version)
  return m?.[1]
}

/** Ubuntu releases: "22.04" -> "Ubuntu:22.04:LTS" (even-year April releases), "23.10" -> "Ubuntu:23.10". */
function ubuntuEcosystem(version: string): string | undefined {
  const m = /^(\d\d)\.(\d\d)/.exec(version)
  if (!m) return undefined
  const lts = m[2] === '04' && Number(m[1]) % 2 === 0
  return `Ubuntu:${m[1]}.${m[2]}${lts ? ':LTS' : ''}`
}

/**
 * The OSV ecosystem of an OS release, or undefined when the release is unknown: OS packages are
 * matched only against their own distribution release's advisories, never across releases.
 */
export function osEcosystem(os: OsInfo | undefined): string | undefined {
  if (!os) return undefined
  const v = os.version
  switch (os.family) {
    case 'debian': {
      const m = major(v)
      // Releases before 7 (wheezy) were numbered "6.0", and OSV keeps that spelling.
      return m ? `Debian:${Number(m) < 7 ? `${m}.0` : m}` : undefined
    }
    case 'ubuntu':
      return ubuntuEcosystem(v)
    case 'alpine': {
      const m = /^(\d+)\.(\d+)/.exec(v)
      return m ? `Alpine:v${m[1]}.${m[2]}` : undefined
    }
    case 'wolfi':
      return 'Wolfi'
    case 'chainguard':
      return 'Chainguard'
    case 'rocky':
      return major(v) ? `Rocky Linux:${major(v)}` : undefined
    case 'almalinux':
      return major(v) ? `AlmaLinux:${major(v)}` : undefined
    case 'opensuse-leap':
      return v ? `openSUSE:Leap ${v}` : undefined
    default:
      return undefined
  }
}

/**
 * Debian's advisories (DSA, DLA, DEBIAN-CVE) name SOURCE packages with source versions, so a
 * binary package is looked up by its source. The source version is used when dpkg recorded one
 * ("Source: util-linux (2.38.1-5+deb12u3)" for bsdutils 1:2.38.1-5+deb12u3): the binary version
 * may carry an epoch or a binNMU suffix the source lacks, which would hide a vulnerable version.
 */
function debQuery(pkg: Package, os: OsInfo | undefined): PackageQuery | undefined {
  const ecosystem = osEcosystem(os)
  if (!ecosystem || !/^(Debian|Ubuntu):/.test(ecosystem)) return undefined
  const name = pkg.source?.name || pkg.name
  const version = pkg.source?.version || pkg.version
  return { ecosystem, name, version }
}

/** Matches dpkg packages against Debian and Ubuntu advisories of the image's release. */
export const debMatcher = defineMatcher({
  id: 'deb',
  version: 1,
  packageTypes: ['deb'],
  ecosystems: ['Debian', 'Ubuntu'],
  query: debQuery,
})

/** Matches apk packages by origin (Alpine's secdb is keyed by origin package) and release. */
export const apkMatcher = defineMatcher({
  id: 'apk',
  version: 1,
  packageTypes: ['apk'],
  ecosystems: ['Alpine', 'Wolfi', 'Chainguard'],
  query: (pkg, os) => {
    const ecosystem = osEcosystem(os)
    if (!ecosystem || !/^(Alpine:|Wolfi$|Chainguard$)/.test(ecosystem)) return undefined
    return { ecosystem, name: pkg.source?.name || pkg.name, version: pkg.version }
  },
})

/** Matches rpm packages of distributions that publish OSV data (Rocky, AlmaLinux, openSUSE). */
export const rpmMatcher = defineMatcher({
  id: 'rpm',
  version: 1,
  packageTypes: ['rpm'],
  ecosystems: ['Rocky Linux', 'AlmaLinux', 'openSUSE'],
  query: (pkg, os) => {
    const ecosystem = osEcosystem(os)
    if (!ecosystem || !/^(Rocky Linux|AlmaLinux|openSUSE):/.test(ecosystem)) return undefined
    return { ecosystem, name: pkg.name, version: pkg.version }
  },
})
