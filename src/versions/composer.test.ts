import { describe, expect, it } from 'vitest'
import { canonicalize, compare, composer, isValid, parse, versionCompare } from './composer.js'

// Source: composer/semver tests/VersionParserTest.php successfulNormalizedVersions and
// successfulNormalizedBranches (via the -dev suffix), https://github.com/composer/semver.
const NORMALIZED: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0', '1.0.0.0'], ['1.2.3.4', '1.2.3.4'], ['1.0.0RC1dev', '1.0.0.0-RC1-dev'],
  ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'], ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'], ['1.0.0-rc1', '1.0.0.0-RC1'],
  ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'], ['1.0-dev', '1.0.0.0-dev'], ['0', '0.0.0.0'],
  ['10.4.13-beta', '10.4.13.0-beta'], ['10.4.13beta2', '10.4.13.0-beta2'], ['10.4.13beta.2', '10.4.13.0-beta2'],
  ['10.4.13-b', '10.4.13.0-beta'], ['10.4.13-b5', '10.4.13.0-beta5'], ['v1.0.0', '1.0.0.0'],
  ['2010.01', '2010.01.0.0'], ['2010.01.02', '2010.01.02.0'], ['2010.1.555', '2010.1.555.0'],
  ['2010.10.200', '2010.10.200.0'], ['v20100102', '20100102'], ['2010-01-02', '2010.01.02'],
  ['2010-01-02.5', '2010.01.02.5'], ['20100102-203040', '20100102.203040'], ['20150920.0.0', '20150920.0.0'],
  ['20100102203040-10', '20100102203040.10'], ['20100102-203040-p1', '20100102.203040-patch1'],
  ['dev-master', '9999999-dev'], ['dev-trunk', '9999999-dev'], ['1.x-dev', '1.9999999.9999999.9999999-dev'],
  ['dev-feature-foo', 'dev-feature-foo'], ['DEV-FOOBAR', 'dev-FOOBAR'], ['dev-feature/foo', 'dev-feature/foo'],
  ['dev-feature+issue-1', 'dev-feature+issue-1'], ['dev-master as 1.0.0', '9999999-dev'],
  ['1.0.0-beta.5+foo', '1.0.0.0-beta5'], ['1.0.0+foo', '1.0.0.0'], ['1.0.0-alpha.3.1+foo', '1.0.0.0-alpha3.1'],
  ['1.0.0-alpha2.1+foo', '1.0.0.0-alpha2.1'], ['1.0.0-alpha-2.1-3+foo', '1.0.0.0-alpha2.1-3'],
  ['1.0.0+foo as 2.0', '1.0.0.0'], ['v1.0.x-dev', '1.0.9999999.9999999-dev'], ['2.4.4-dev', '2.4.4.0-dev'],
  ['master-dev', '9999999-dev'], ['feature-a-dev', 'dev-feature-a'], ['1.0.0-stable', '1.0.0.0'],
]

describe('composer normalize (VersionParserTest)', () => {
  it.each(NORMALIZED)('%j -> %s', (input, want) => {
    expect(parse(input)?.normalized).toBe(want)
  })

  it.each(['', 'a', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0.0+foo bar'])('rejects %j', (v) => {
    expect(parse(v)).toBeUndefined()
    expect(isValid(v)).toBe(false)
  })
})

// Source: composer/semver tests/ComparatorTest.php (greaterThan, lessThan, equalTo, compare providers).
describe('composer compare (ComparatorTest)', () => {
  it.each([
    ['1.25.0', '1.24.0', 1], ['1.25.0', '1.25.0', 0], ['1.25.0', '1.26.0', -1], ['1.26.0', 'dev-foo', 1],
    ['1.0.0', '1.2-dev', -1], ['dev-foo', '1.26.0', -1], ['1.25.0-beta2.1', '1.25.0-b.3', -1],
    ['1.25.0-b2.1', '1.25.0beta.3', -1], ['1.25.0-b-2.1', '1.25.0-rc', -1], ['1.25.0-beta2.1', '1.25.0-b.2.1', 0],
    ['1.25.0beta2.1', '1.25.0-b2.1', 0],
  ] as const)('%s vs %s = %i', (a, b, want) => {
    expect(compare(a, b)).toBe(want)
    expect(composer.compare(b, a)).toBe(want === 0 ? 0 : -want)
  })

  it('keeps distinct branches distinct (Composer leaves them unordered; we order them by name)', () => {
    expect(compare('dev-foo', 'dev-bar')).toBe(1)
    expect(compare('dev-foo', 'dev-foo')).toBe(0)
    expect(compare('dev-foo', 'dev-master')).toBe(-1)
  })

  it('orders Packagist release trains at the fix boundary', () => {
    expect(compare('v5.4.31', '5.4.32')).toBe(-1)
    expect(compare('6.0.0-RC1', '6.0.0')).toBe(-1)
    expect(compare('6.0.0-alpha', '6.0.0-beta1')).toBe(-1)
    expect(compare('1.2', '1.2.0')).toBe(0)
    expect(compare('2.0.0-p1', '2.0.0')).toBe(1)
  })

  it('falls back to string order for unparseable input, never throwing', () => {
    expect(compare('not a version', 'not a version')).toBe(0)
    expect(compare('1.0.0', 'zzz')).toBe(-1)
  })
})

// Source: PHP manual, version_compare() (https://www.php.net/manual/en/function.version-compare.php):
// "any string not found in this list < dev < alpha = a < beta = b < RC = rc < # < pl = p", and
// the canonicalization rules ('-', '_', '+' become '.', letters and digits are split by '.').
describe('PHP version_compare', () => {
  it('canonicalizes', () => {
    expect(canonicalize('1.0rc1')).toEqual(['1', '0', 'rc', '1'])
    expect(canonicalize('1.0.0.0-beta_2+x')).toEqual(['1', '0', '0', '0', 'beta', '2', 'x'])
    expect(canonicalize('5.2#1')).toEqual(['5', '2', '#', '1'])
  })

  it.each([
    ['1.0-foo', '1.0-dev', -1], ['1.0-dev', '1.0-alpha', -1], ['1.0-alpha', '1.0-a', 0], ['1.0-a', '1.0-beta', -1],
    ['1.0-beta', '1.0-b', 0], ['1.0-b', '1.0-RC', -1], ['1.0-RC', '1.0-rc', 0], ['1.0-rc', '1.0-1', -1],
    ['1.0-1', '1.0-pl', -1], ['1.0-pl', '1.0-p', 0], ['5.2', '5.2.0', -1], ['1.0', '1.0.dev', 1],
    ['1.0.0.1', '1.0.0', 1], ['1.0.0', '1.0.0.1', -1], ['1.0.0', '1.0.0.a', 1], ['1.0.0', '1.0.0', 0],
    ['1.99999999999999999999', '1.100000000000000000000', -1],
  ] as const)('version_compare(%s, %s) = %i', (a, b, want) => {
    expect(versionCompare(a, b)).toBe(want)
  })
})
