import { describe, expect, it } from 'vitest'
import { compare, isValid, nuget, parse } from './nuget.js'

// Source: NuGet/NuGet.Client test/NuGet.Core.Tests/NuGet.Versioning.Test
// (https://github.com/NuGet/NuGet.Client): VersionComparerTests.cs, NuGetVersionTest.cs,
// SemVer201SpecTests.cs.
describe('nuget compare (NuGet.Versioning tests)', () => {
  // VersionComparisonDefaultEqual, SemVerEqualsOperatorWorks, SemVerSortIgnoreReleaseCasing
  it.each([
    ['1.0.0', '1.0.0'], ['1.0.0-BETA', '1.0.0-beta'], ['1.0.0-BETA+AA', '1.0.0-beta+aa'],
    ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.77.0+aa'], ['1.0', '1.0.0.0'], ['1.23.01', '1.23.1'],
    ['1.45.6', '1.45.6.0'], ['1.45.6-Alpha', '1.45.6-Alpha'], ['1.6.2-BeTa', '1.6.02-beta'],
    ['22.3.07     ', '22.3.07'], ['1.2.3-a', '1.2.3-A'], ['1.2.3-A-b2-C', '1.2.3-a-B2-c'],
    ['1.0.0+AA', '1.0.0+BB'],
  ])('%j == %j', (a, b) => {
    expect(compare(a, b)).toBe(0)
    expect(compare(b, a)).toBe(0)
  })

  // VersionComparisonDefaultLess, SemVerLessThanAndGreaterThanOperatorsWorks, SemVerSort*
  it.each([
    ['0.0.0', '1.0.0'], ['1.0.0', '1.1.0'], ['1.0.0', '1.0.1'], ['1.999.9999', '2.1.1'],
    ['1.0.0-BETA', '1.0.0-beta2'], ['1.0.0-beta+AA', '1.0.0+aa'], ['1.0.0-BETA', '1.0.0-beta.1+AA'],
    ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.79.0+aa'], ['1.0.0-BETA.X.y.5.79.0+AA', '1.0.0-beta.x.y.5.790.0+abc'],
    ['1.0', '1.0.1'], ['1.23', '1.231'], ['1.4.5.6', '1.45.6'], ['1.4.5.6', '1.4.5.60'], ['1.01', '1.10'],
    ['1.01-alpha', '1.10-beta'], ['1.01.0-RC-1', '1.10.0-rc-2'], ['1.01-RC-1', '1.01'], ['1.01', '1.2-preview'],
    ['1.2.3', '1.2.4'], ['1.2.3', '2.0.0'], ['9.9.9', '10.1.1'], ['1.2.3-alpha', '1.2.3'], ['1.2.3-2', '1.2.3-3'],
    ['1.2.3-1.9', '1.2.3-1.50'], ['1.2.3-2A', '1.2.3-3A'], ['1.2.3-1.50A', '1.2.3-1.9A'], ['1.2.3-999999', '1.2.3-Z'],
    ['1.2.3-A.999999', '1.2.3-A.56-2'], ['1.2.3-a', '1.2.3-a.2'], ['1.2.3-a.2.3.4', '1.2.3-a.2.3.4.5'],
  ])('%s < %s', (a, b) => {
    expect(compare(a, b)).toBe(-1)
    expect(nuget.compare(b, a)).toBe(1)
  })
})

describe('nuget parse', () => {
  it.each([
    ['1.0.0', ['1', '0', '0', '0'], [], ''], ['2.3-alpha', ['2', '3', '0', '0'], ['alpha'], ''],
    ['3.4.0.3-RC-3', ['3', '4', '0', '3'], ['RC-3'], ''],
    ['1.0.0-beta.x.y.5.79.0+AA', ['1', '0', '0', '0'], ['beta', 'x', 'y', '5', '79', '0'], 'AA'],
    ['1.022', ['1', '22', '0', '0'], [], ''], ['  1.3.42.10133-PreRelease  ', ['1', '3', '42', '10133'], ['PreRelease'], ''],
  ])('StringConstructorParsesValuesCorrectly: %j', (v, numbers, release, metadata) => {
    expect(parse(v)).toEqual({ numbers, release, metadata })
  })

  // ParseThrowsIfStringIsNotAValidSemVer and SemVer201SpecTests invalid rows.
  it.each([
    '1beta', '$version$', '1.2Av^c', '1.2..', '1.2.3.4.5', '1.2.3.Beta', '1.2.3.4This version is full of awesomeness!!',
    'So.is.this', '1.34.2Alpha', '1.34.2Release Candidate', '1.4.7-', '1.4.7-*', '1.4.7+*', '1.4.7-AA.01^',
    '1.4.7-AA.0A^', '1.4.7-A^A', '1.4.7+AA.01^', '-1.2.3', '0.1.2-Alpha..2', '0.1.2-Alpha.', '0.1.2-.AA',
    '0.1.2-alp=ha', '0.1.2-02', '0.1.2-2.A.02', '0.1.2+ÄÄ', '0.1.2+2+A', '0.1.2+02A.', '0.1.2+', '',
    '2147483648.0.0',
  ])('rejects %j', (v) => {
    expect(parse(v)).toBeUndefined()
    expect(isValid(v)).toBe(false)
  })

  it.each(['0.1.2--', '0.1.2--B-C-', '0.1.2-02A', '0.1.2+02.02-02', '0.1.2+----.-.-.-', '0.1.2----+----'])(
    'accepts %j',
    (v) => {
      expect(isValid(v)).toBe(true)
    },
  )

  it('falls back to string order for invalid input, never throwing', () => {
    expect(compare('$version$', '$version$')).toBe(0)
    expect(compare('1.0.0', 'So.is.this')).toBe(-1)
  })
})
