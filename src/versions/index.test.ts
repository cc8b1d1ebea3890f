import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SCHEMES,
  apk,
  composer,
  dpkg,
  gem,
  go,
  maven,
  npm,
  nuget,
  pep440,
  rpm,
  satisfiesNpmRange,
  schemeForEcosystem,
  schemeForPackageType,
  semver,
} from './index.js'

describe('schemeForEcosystem', () => {
  it.each([
    ['Debian', dpkg], ['Debian:12', dpkg], ['Ubuntu', dpkg], ['Ubuntu:22.04:LTS', dpkg],
    ['Ubuntu:Pro:18.04:LTS', dpkg], ['Alpine', apk], ['Alpine:v3.19', apk], ['Wolfi', apk],
    ['Chainguard', apk], ['Red Hat', rpm], ['Red Hat:enterprise_linux:9::appstream', rpm],
    ['Rocky Linux', rpm], ['Rocky Linux:9', rpm], ['AlmaLinux', rpm], ['AlmaLinux:8', rpm],
    ['openSUSE', rpm], ['openSUSE:Leap 15.5', rpm], ['SUSE', rpm], ['SUSE:Linux Enterprise Server 15 SP5', rpm],
    ['Mageia:9', rpm], ['openEuler:22.03-LTS', rpm], ['npm', npm], ['PyPI', pep440], ['Go', go],
    ['Maven', maven], ['crates.io', semver], ['RubyGems', gem], ['NuGet', nuget], ['Packagist', composer],
    ['Hex', semver], ['Pub', semver], ['SEMVER', semver], ['debian:11', dpkg],
  ])('%s -> its scheme', (eco, want) => {
    expect(schemeForEcosystem(eco)).toBe(want)
  })

  it.each(['GIT', 'Linux', 'OSS-Fuzz', 'GitHub Actions', '', ':12'])('%j has no scheme', (eco) => {
    expect(schemeForEcosystem(eco)).toBeUndefined()
  })
})

describe('schemeForPackageType', () => {
  // core's PACKAGE_TYPES (src/core/package.ts); this folder imports nothing, so the list is repeated.
  it.each([
    ['deb', dpkg], ['apk', apk], ['rpm', rpm], ['npm', npm], ['pypi', pep440], ['golang', go],
    ['maven', maven], ['gem', gem], ['cargo', semver], ['nuget', nuget], ['composer', composer],
  ])('%s -> its scheme', (type, want) => {
    expect(schemeForPackageType(type)).toBe(want)
  })

  it('has no scheme for an unknown type', () => {
    expect(schemeForPackageType('conan')).toBeUndefined()
  })
})

describe('the scheme registry', () => {
  it('lists every scheme once, with a unique id', () => {
    const ids = SCHEMES.map((s) => s.id)

    expect(ids).toEqual(['dpkg', 'apk', 'rpm', 'semver', 'npm', 'pep440', 'maven', 'go', 'gem', 'nuget', 'composer'])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('exports the npm range helper', () => {
    expect(satisfiesNpmRange('4.17.15', '<4.17.21')).toBe(true)
    expect(satisfiesNpmRange('4.17.21', '<4.17.21')).toBe(false)
  })
})

// Hostile input is a test case: every scheme must order any pair of strings without throwing,
// return -1, 0 or 1, be reflexive and antisymmetric.
const VERSIONISH = fc.string({
  unit: fc.constantFrom(...'0123456789.-+~^_:!abcrvpeAZ ', 'alpha', 'rc', 'dev', 'pre', 'sp', '\u00e9', '\u{1F600}'),
  maxLength: 14,
})

describe.each(SCHEMES.map((s) => [s.id, s] as const))('%s on hostile input', (_id, scheme) => {
  it('orders strings over 1,024 characters as plain strings (bounded work)', () => {
    const huge = '1'.repeat(1025)

    expect(scheme.compare(huge, '2')).toBe(-1)
    expect(scheme.compare('2', huge)).toBe(1)
    expect(scheme.compare(huge, huge)).toBe(0)
  })

  it('never throws, is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(VERSIONISH, VERSIONISH, (a, b) => {
        const ab = scheme.compare(a, b)
        const ba = scheme.compare(b, a)

        expect([-1, 0, 1]).toContain(ab)
        expect(ab).toBe(ba === 0 ? 0 : -ba)
        expect(scheme.compare(a, a)).toBe(0)
        expect(typeof scheme.isValid(a)).toBe('boolean')
      }),
      { numRuns: 400 },
    )
  })
})

// A memoized scheme answers exactly as its scheme, whatever it has parsed before.
describe.each(SCHEMES.filter((s) => s.memoized).map((s) => [s.id, s] as const))('%s memoized', (_id, scheme) => {
  it('orders and validates as the scheme does, across repeated and hostile input', () => {
    const memo = scheme.memoized?.()
    if (!memo) throw new Error('no memoized scheme')
    fc.assert(
      fc.property(fc.array(VERSIONISH, { minLength: 1, maxLength: 6 }), (versions) => {
        const all = [...versions, '1.0', '1.0.0', '1:1.0-1', '1.0-r1', 'v1.2.3', ' ', '1'.repeat(1025)]
        for (const a of all) {
          expect(memo.isValid(a)).toBe(scheme.isValid(a))
          for (const b of all) expect(memo.compare(a, b)).toBe(scheme.compare(a, b))
        }
      }),
      { numRuns: 150 },
    )
    expect(memo.id).toBe(scheme.id)
  })
})
