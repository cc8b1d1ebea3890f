import { describe, expect, it } from 'vitest'
import { compare, gem, isPrerelease, isValid, parse } from './gem.js'

// Source: ruby/rubygems test/rubygems/test_gem_version.rb (commit c13f3d00),
// https://github.com/ruby/rubygems: test_spaceship, test_semver, test_equals2,
// test_hyphen_and_dot_prerelease_are_the_same_version, test_sort_key_* and test_frozen_version.
const SPACESHIP: ReadonlyArray<readonly [string, string, -1 | 0 | 1]> = [
  ['1.0', '1.0.0', 0], ['1.0', '1.0.a', 1], ['1.8.2', '0.0.0', 1], ['1.8.2', '1.8.2.a', 1],
  ['1.8.2.b', '1.8.2.a', 1], ['1.8.2.a', '1.8.2', -1], ['1.8.2.a10', '1.8.2.a9', 1], ['', '0', 0],
  ['0.beta.1', '0.0.beta.1', 0], ['0.0.beta', '0.0.beta.1', -1], ['0.0.beta', '0.beta.1', -1],
  ['5.a', '5.0.0.rc2', -1], ['5.x', '5.0.0.rc2', 1],
  ['1.9.3', '1.9.3', 0], ['1.9.3', '1.9.2.99', 1], ['1.9.3', '1.9.3.1', -1],
  ['1.2', '1.2', 0], ['1.2', '1.3', -1], ['1.2.b1', '1.2.b.1', 0],
  ['1.0.0.beta.1', '1.0.0-beta.1', 0], ['1.0.0.rc.1', '1.0.0-rc.1', 0], ['1.2.3.beta', '1.2.3-beta', 0],
  ['1.0.0.beta.1', '1.0.0.pre.beta.1', 0], ['1.0.0.1', '1.0.0-1', 1],
  ['1.0.0', '0.0.1.20220404083012', 1], ['0.7.0', '0.6.63000', 1], ['18.0.1', '18.0.2', -1],
  ['1.freeze.test', '1', -1],
]
const LESS_THAN: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0-alpha', '1.0.0-alpha.1'], ['1.0.0-alpha.1', '1.0.0-beta.2'], ['1.0.0-beta.2', '1.0.0-beta.11'],
  ['1.0.0-beta.11', '1.0.0-rc.1'], ['1.0.0-rc1', '1.0.0'], ['1.0.0-1', '1'],
]

describe('gem compare (Gem::Version tests)', () => {
  it.each(SPACESHIP)('%j <=> %j = %i', (a, b, want) => {
    expect(compare(a, b)).toBe(want)
    expect(compare(b, a)).toBe(want === 0 ? 0 : -want)
  })

  it.each(LESS_THAN)('%s < %s (test_semver)', (a, b) => {
    expect(gem.compare(a, b)).toBe(-1)
  })
})

describe('gem parse', () => {
  it.each(['1.0', '1.0 ', ' 1.0 ', '1.0\n', '\n1.0\n'])('test_initialize: %j == 1.0', (v) => {
    expect(compare(v, '1.0')).toBe(0)
  })

  it.each(['junk', '1.0\n2.0', '1..2', '1.2 3.4', '2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.'])(
    'test_initialize_invalid: rejects %j',
    (v) => {
      expect(parse(v)).toBeUndefined()
      expect(isValid(v)).toBe(false)
    },
  )

  it.each([
    ['1.0.0-beta.1', '1.0.0.beta.1'], ['1.0.0-1', '1.0.0.pre.1'], ['', '0'], ['  ', '0'],
  ])('normalizes %j to %s', (input, version) => {
    expect(parse(input)?.version).toBe(version)
  })

  it('test_canonical_segments', () => {
    expect(parse('1.0.0')?.segments).toEqual([{ n: '1' }])
    expect(parse('1.0.0.a.1.0')?.segments).toEqual([{ n: '1' }, { s: 'a' }, { n: '1' }])
    expect(parse('1.2.3-1')?.segments).toEqual([{ n: '1' }, { n: '2' }, { n: '3' }, { s: 'pre' }, { n: '1' }])
  })

  it.each([
    ['1.2.0.a', true], ['2.9.b', true], ['22.1.50.0.d', true], ['1.2.d.42', true], ['1.A', true],
    ['1-1', true], ['1-a', true], ['1.2.0', false], ['2.9', false], ['22.1.50.0', false],
  ] as const)('test_prerelease: %s -> %s', (v, want) => {
    const parsed = parse(v)

    expect(parsed && isPrerelease(parsed)).toBe(want)
  })

  it('falls back to string order for malformed versions, never throwing', () => {
    expect(compare('junk', 'junk')).toBe(0)
    expect(compare('1.0', 'junk')).toBe(-1)
  })
})
