import type { Package, PackageType } from '../../core/index.js'
import { defineMatcher, type Matcher, type PackageQuery } from './internal/define-matcher.js'

// ref: https://ossf.github.io/osv-schema/#affectedpackage-field (names per ecosystem)

/** Joins namespace and name with `sep` unless the name already carries its namespace. */
function qualified(pkg: Package, sep: string): string {
  if (!pkg.namespace || pkg.name.includes(sep)) return pkg.name
  return `${pkg.namespace}${sep}${pkg.name}`
}

function language(
  id: string,
  type: PackageType,
  ecosystem: string,
  toQuery: (pkg: Package) => Omit<PackageQuery, 'ecosystem'>,
): Matcher {
  return defineMatcher({
    id,
    version: 1,
    packageTypes: [type],
    ecosystems: [ecosystem],
    query: (pkg) => ({ ecosystem, ...toQuery(pkg) }),
  })
}

/** npm: scoped names are "@scope/name". */
export const npmMatcher = language('npm', 'npm', 'npm', (p) => ({
  name: p.name.startsWith('@') ? p.name : qualified(p, '/'),
  version: p.version,
}))

/** PyPI: the store normalizes names per PEP 503, so "PyYAML" finds "pyyaml". */
export const pypiMatcher = language('pypi', 'pypi', 'PyPI', (p) => ({ name: p.name, version: p.version }))

/**
 * Go: module path; OSV Go versions carry no "v" (and the toolchain is module "stdlib" with
 * versions without the "go" prefix).
 */
export const goMatcher = language('golang', 'golang', 'Go', (p) => ({
  name: qualified(p, '/'),
  version: p.version.replace(/^(v|go)/, ''),
}))

/** Maven: "groupId:artifactId". */
export const mavenMatcher = language('maven', 'maven', 'Maven', (p) => ({
  name: qualified(p, ':'),
  version: p.version,
}))

/** crates.io. */
export const cargoMatcher = language('cargo', 'cargo', 'crates.io', (p) => ({
  name: p.name,
  version: p.version,
}))

/** RubyGems. */
export const gemMatcher = language('gem', 'gem', 'RubyGems', (p) => ({ name: p.name, version: p.version }))

/** NuGet (names are case-insensitive; the store lowercases them). */
export const nugetMatcher = language('nuget', 'nuget', 'NuGet', (p) => ({
  name: p.name,
  version: p.version,
}))

/** Packagist: "vendor/package". */
export const composerMatcher = language('composer', 'composer', 'Packagist', (p) => ({
  name: qualified(p, '/'),
  version: p.version,
}))
