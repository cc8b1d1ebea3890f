import { describe, expect, it } from 'vitest'
import { PACKAGE_TYPES, type OsInfo, type Package, type PackageType } from '../../core/index.js'
import { matchers, osEcosystem } from './index.js'

describe('matcher registry', () => {
  it('covers every package type exactly once', () => {
    const covered = matchers.flatMap((m) => m.packageTypes)

    expect([...covered].sort()).toEqual([...PACKAGE_TYPES].sort())
  })

  it('has unique kebab-case ids and positive versions', () => {
    const ids = matchers.map((m) => m.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const m of matchers) {
      expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(m.version).toBeGreaterThan(0)
      expect(m.ecosystems.length).toBeGreaterThan(0)
    }
  })
})

describe('osEcosystem', () => {
  it.each([
    { os: { family: 'debian', version: '12' }, want: 'Debian:12' },
    { os: { family: 'debian', version: '12.4' }, want: 'Debian:12' },
    { os: { family: 'debian', version: '6.0' }, want: 'Debian:6.0' },
    { os: { family: 'debian', version: '' }, want: undefined },
    { os: { family: 'ubuntu', version: '22.04' }, want: 'Ubuntu:22.04:LTS' },
    { os: { family: 'ubuntu', version: '23.10' }, want: 'Ubuntu:23.10' },
    { os: { family: 'ubuntu', version: '21.04' }, want: 'Ubuntu:21.04' },
    { os: { family: 'alpine', version: '3.19.1' }, want: 'Alpine:v3.19' },
    { os: { family: 'alpine', version: 'edge' }, want: undefined },
    { os: { family: 'rocky', version: '9.3' }, want: 'Rocky Linux:9' },
    { os: { family: 'almalinux', version: '8.9' }, want: 'AlmaLinux:8' },
    { os: { family: 'wolfi', version: '20230201' }, want: 'Wolfi' },
    { os: { family: 'plan9', version: '4' }, want: undefined },
  ] as { os: OsInfo; want: string | undefined }[])('$os.family $os.version -> $want', ({ os, want }) => {
    expect(osEcosystem(os)).toBe(want)
  })
})

describe('matcher queries', () => {
  function pkgOf(type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package {
    return { name, version, type, purl: `pkg:${type}/${name}@${version}`, licenses: [], locations: [], foundBy: 't', ...extra }
  }
  const byType = new Map(matchers.flatMap((m) => m.packageTypes.map((t) => [t, m] as const)))

  it.each([
    { p: pkgOf('npm', 'core', '7.0.0', { namespace: '@babel' }), os: undefined, want: { ecosystem: 'npm', name: '@babel/core', version: '7.0.0' } },
    { p: pkgOf('npm', '@babel/core', '7.0.0'), os: undefined, want: { ecosystem: 'npm', name: '@babel/core', version: '7.0.0' } },
    { p: pkgOf('pypi', 'Jinja2', '3.1.2'), os: undefined, want: { ecosystem: 'PyPI', name: 'Jinja2', version: '3.1.2' } },
    { p: pkgOf('golang', 'net', 'v0.17.0', { namespace: 'golang.org/x' }), os: undefined, want: { ecosystem: 'Go', name: 'golang.org/x/net', version: '0.17.0' } },
    { p: pkgOf('golang', 'stdlib', 'go1.21.3'), os: undefined, want: { ecosystem: 'Go', name: 'stdlib', version: '1.21.3' } },
    { p: pkgOf('maven', 'log4j-core', '2.14.1', { namespace: 'org.apache.logging.log4j' }), os: undefined, want: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' } },
    { p: pkgOf('cargo', 'tokio', '1.28.0'), os: undefined, want: { ecosystem: 'crates.io', name: 'tokio', version: '1.28.0' } },
    { p: pkgOf('gem', 'rack', '2.2.6'), os: undefined, want: { ecosystem: 'RubyGems', name: 'rack', version: '2.2.6' } },
    { p: pkgOf('nuget', 'Newtonsoft.Json', '12.0.1'), os: undefined, want: { ecosystem: 'NuGet', name: 'Newtonsoft.Json', version: '12.0.1' } },
    { p: pkgOf('composer', 'http-foundation', 'v5.4.0', { namespace: 'symfony' }), os: undefined, want: { ecosystem: 'Packagist', name: 'symfony/http-foundation', version: 'v5.4.0' } },
    { p: pkgOf('deb', 'libc6', '2.36-9', { source: { name: 'glibc', version: '2.36-9' } }), os: { family: 'ubuntu', version: '22.04' }, want: { ecosystem: 'Ubuntu:22.04:LTS', name: 'glibc', version: '2.36-9' } },
    { p: pkgOf('deb', 'libc6', '2.36-9'), os: { family: 'alpine', version: '3.19.1' }, want: undefined },
    { p: pkgOf('apk', 'libcrypto3', '3.1.4-r5', { source: { name: 'openssl', version: '3.1.4-r5' } }), os: { family: 'alpine', version: '3.19.1' }, want: { ecosystem: 'Alpine:v3.19', name: 'openssl', version: '3.1.4-r5' } },
    { p: pkgOf('apk', 'busybox', '1.36.1-r0'), os: { family: 'wolfi', version: '20230201' }, want: { ecosystem: 'Wolfi', name: 'busybox', version: '1.36.1-r0' } },
    { p: pkgOf('apk', 'busybox', '1.36.1-r0'), os: { family: 'debian', version: '12' }, want: undefined },
    { p: pkgOf('rpm', 'openssl-libs', '1:3.0.7-24.el9'), os: { family: 'rocky', version: '9.3' }, want: { ecosystem: 'Rocky Linux:9', name: 'openssl-libs', version: '1:3.0.7-24.el9' } },
    { p: pkgOf('rpm', 'openssl-libs', '1:3.0.7-24.el9'), os: { family: 'rhel', version: '9.3' }, want: undefined },
  ] as { p: Package; os: OsInfo | undefined; want: unknown }[])('$p.type $p.name on $os.family', ({ p, os, want }) => {
    expect(byType.get(p.type)?.query(p, os)).toEqual(want)
  })
})
