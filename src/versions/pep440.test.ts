import { describe, expect, it } from 'vitest'
import { compare, isValid, normalize, parse, pep440 } from './pep440.js'

// Source: pypa/packaging tests/test_version.py, VERSIONS ("This list must be in the correct
// sorting order"), https://github.com/pypa/packaging.
const BASE = [
  '1.0.dev0', '1.0.dev456', '1.0.dev456+local', '1.0a0', '1.0a0.post0.dev0', '1.0a0.post0',
  '1.0a1.dev1', '1.0a1.dev1+local', '1.0a1', '1.0a1+local', '1.0b0', '1.0b1.dev456', '1.0b2',
  '1.0b2.post345.dev456', '1.0b2.post345', '1.0b2-346', '1.0rc0', '1.0rc1.dev1', '1.0c1', '1.0rc2',
  '1.0', '1.0.post0.dev0', '1.0.post0', '1.0.post456.dev34', '1.0.post456', '1.0.post456+local',
  '1.0.1.dev1', '1.0.1a1', '1.0.1', '1.0.1+local', '1.0.1.post1', '1.1.dev1', '1.2+a', '1.2+abc',
  '1.2+abcdef', '1.2+def', '1.2+0', '1.2+1', '1.2+1.abc', '1.2+1.1', '1.2+1.1.0', '1.2+2', '1.2+123',
  '1.2+123456', '1.2.r32+123456', '1.2.rev33+123456',
]
const VERSIONS = [...BASE, ...BASE.map((v) => `1!${v}`)]

describe('pep440 ordering (packaging VERSIONS)', () => {
  it('accepts every version', () => {
    expect(VERSIONS.filter((v) => !isValid(v))).toEqual([])
  })

  it('orders every pair as the list does', () => {
    const wrong: string[] = []
    VERSIONS.forEach((a, i) => {
      VERSIONS.forEach((b, j) => {
        const want = i === j ? 0 : i < j ? -1 : 1
        if (compare(a, b) !== want) wrong.push(`${a} vs ${b}: want ${want}`)
      })
    })

    expect(wrong).toEqual([])
  })

  it('treats rc and c as the same (test_version_rc_and_c_equals)', () => {
    expect(compare('1.0rc1', '1.0c1')).toBe(0)
  })
})

// Source: packaging test_normalized_versions.
const NORMALIZED: ReadonlyArray<readonly [string, string]> = [
  ['1.0dev', '1.0.dev0'], ['1.0.dev', '1.0.dev0'], ['1.0dev1', '1.0.dev1'], ['1.0-dev', '1.0.dev0'],
  ['1.0-dev1', '1.0.dev1'], ['1.0DEV', '1.0.dev0'], ['1.0.DEV1', '1.0.dev1'], ['1.0-DEV', '1.0.dev0'],
  ['1.0a', '1.0a0'], ['1.0.a', '1.0a0'], ['1.0.a1', '1.0a1'], ['1.0-a', '1.0a0'], ['1.0-a1', '1.0a1'],
  ['1.0alpha', '1.0a0'], ['1.0.alpha1', '1.0a1'], ['1.0-alpha1', '1.0a1'], ['1.0A', '1.0a0'],
  ['1.0.ALPHA1', '1.0a1'], ['1.0b', '1.0b0'], ['1.0.b1', '1.0b1'], ['1.0beta', '1.0b0'],
  ['1.0-beta1', '1.0b1'], ['1.0B', '1.0b0'], ['1.0.BETA1', '1.0b1'], ['1.0c', '1.0rc0'],
  ['1.0.c1', '1.0rc1'], ['1.0-c', '1.0rc0'], ['1.0rc', '1.0rc0'], ['1.0.rc1', '1.0rc1'],
  ['1.0-rc1', '1.0rc1'], ['1.0C', '1.0rc0'], ['1.0-RC1', '1.0rc1'], ['1.0post', '1.0.post0'],
  ['1.0.post', '1.0.post0'], ['1.0post1', '1.0.post1'], ['1.0-post', '1.0.post0'], ['1.0-post1', '1.0.post1'],
  ['1.0POST', '1.0.post0'], ['1.0r', '1.0.post0'], ['1.0rev', '1.0.post0'], ['1.0.r1', '1.0.post1'],
  ['1.0.rev1', '1.0.post1'], ['1.0-5', '1.0.post5'], ['1.0-r5', '1.0.post5'], ['1.0-rev5', '1.0.post5'],
  ['1.0+AbC', '1.0+abc'], ['1.01', '1.1'], ['1.0a05', '1.0a5'], ['1.0b07', '1.0b7'], ['1.0c056', '1.0rc56'],
  ['1.0rc09', '1.0rc9'], ['1.0.post000', '1.0.post0'], ['1.1.dev09000', '1.1.dev9000'], ['00!1.2', '1.2'],
  ['0100!0.0', '100!0.0'], ['v1.0', '1.0'], ['   v1.0\t\n', '1.0'],
  ['\u202f1.0\t\u2029\n ', '1.0'],
]

describe('pep440 normalization (packaging test_normalized_versions)', () => {
  it.each(NORMALIZED)('%j -> %s', (input, want) => {
    const v = parse(input)

    expect(v && normalize(v)).toBe(want)
    expect(compare(input, want)).toBe(0)
  })

  it('equates 1.0-rc1 and 1.0rc1', () => {
    expect(pep440.compare('1.0-rc1', '1.0rc1')).toBe(0)
  })
})

// Source: packaging test_invalid_versions.
const INVALID = [
  'french toast', '1.0+a+', '1.0++', '1.0+_foobar', '1.0+foo&asd', '1.0+1+1', '1. 0', '1 .0', '1. 0a1',
  '1 .0a1', '1.0 a1', '1.0a 1', '٠١٢.٣٤٥.٦٧٨٩', '.', '..', '1..0', '1.0.', '.1.0', '1..2.3', '1.0+\u0130',
]

describe('pep440 invalid versions', () => {
  it.each(INVALID)('rejects %j', (v) => {
    expect(parse(v)).toBeUndefined()
    expect(isValid(v)).toBe(false)
  })

  it('falls back to string order for legacy versions, never throwing', () => {
    expect(compare('french toast', 'french toast')).toBe(0)
    expect(compare('1.0', 'french toast')).toBe(-1)
  })

  it('handles huge numbers without overflow', () => {
    expect(compare('1.99999999999999999999999', '1.100000000000000000000000')).toBe(-1)
  })
})
