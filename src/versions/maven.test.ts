import { describe, expect, it } from 'vitest'
import { compare, isValid, maven, parse } from './maven.js'

// Source: apache/maven ComparableVersionTest.java (compat/maven-artifact, Maven 4 line, commit
// a8a99e08), https://github.com/apache/maven. Each list is strictly increasing.
const VERSIONS_QUALIFIER = [
  '1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc',
  '1-cr2', '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1',
  '1-1-snapshot', '1-1', '1-2', '1-123',
]
const VERSIONS_NUMBER = [
  '2.0', '2.0.a', '2-1', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2',
  '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m',
]

function misordered(list: readonly string[]): string[] {
  const wrong: string[] = []
  list.forEach((low, i) => {
    for (const high of list.slice(i + 1)) {
      if (compare(low, high) !== -1 || compare(high, low) !== 1) wrong.push(`${low} < ${high}`)
    }
  })
  return wrong
}

describe('maven ordering (ComparableVersionTest)', () => {
  it('testVersionsQualifier', () => {
    expect(misordered(VERSIONS_QUALIFIER)).toEqual([])
  })

  it('testVersionsNumber', () => {
    expect(misordered(VERSIONS_NUMBER)).toEqual([])
  })

  // testVersionsEqual and testVersionsHaveSameOrderButAreNotEqual
  it.each([
    ['1', '1'], ['1', '1.0'], ['1', '1.0.0'], ['1.0', '1.0.0'], ['1', '1-0'], ['1', '1.0-0'], ['1.0', '1.0-0'],
    ['1a', '1-a'], ['1a', '1.0-a'], ['1a', '1.0.0-a'], ['1.0a', '1-a'], ['1.0.0a', '1-a'], ['1x', '1-x'],
    ['1x', '1.0-x'], ['1x', '1.0.0-x'], ['1.0x', '1-x'], ['1.0.0x', '1-x'], ['1cr', '1rc'],
    ['1a1', '1-alpha-1'], ['1b2', '1-beta-2'], ['1m3', '1-milestone-3'], ['1X', '1x'], ['1A', '1a'],
    ['1B', '1b'], ['1M', '1m'], ['1Cr', '1Rc'], ['1cR', '1rC'], ['1m3', '1Milestone3'], ['1m3', '1MileStone3'],
    ['1m3', '1MILESTONE3'], ['1ga', '1'], ['1release', '1'], ['1final', '1'], ['1Ga', '1'], ['1GA', '1'],
    ['1RELEASE', '1'], ['1RELeaSE', '1'], ['1Final', '1'], ['1FinaL', '1'], ['1FINAL', '1'],
    ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ])('%s == %s', (a, b) => {
    expect(compare(a, b)).toBe(0)
    expect(compare(b, a)).toBe(0)
  })

  // testVersionComparing, testLeadingZeroes, testMng5568, testMng6572, testMng6964, testMng7714
  it.each([
    ['1', '2'], ['1.5', '2'], ['1', '2.5'], ['1.0', '1.1'], ['1.1', '1.2'], ['1.0.0', '1.1'], ['1.0.1', '1.1'],
    ['1.1', '1.2.0'], ['1.0-alpha-1', '1.0'], ['1.0-alpha-1', '1.0-alpha-2'], ['1.0-alpha-1', '1.0-beta-1'],
    ['1.0-beta-1', '1.0-SNAPSHOT'], ['1.0-SNAPSHOT', '1.0'], ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
    ['1.0', '1.0-1'], ['1.0-1', '1.0-2'], ['1.0.0', '1.0-1'], ['2.0-1', '2.0.1'], ['2.0.1-klm', '2.0.1-lmn'],
    ['2.0.1', '2.0.1-xyz'], ['2.0.1', '2.0.1-123'], ['2.0.1-xyz', '2.0.1-123'],
    ['0.7', '2'], ['0.2', '1.0.7'],
    ['6.1.0rc3', '6.1.0'], ['6.1.0rc3', '6.1H.5-beta'], ['6.1.0', '6.1H.5-beta'],
    ['20190126.230843', '1234567890.12345'], ['1234567890.12345', '123456789012345.1H.5-beta'],
    ['20190126.230843', '123456789012345.1H.5-beta'],
    ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
    ['1234567890.12345', '12345678901234567890.1H.5-beta'], ['20190126.230843', '12345678901234567890.1H.5-beta'],
    ['1-0.alpha', '1'], ['1-0.beta', '1'], ['1-0.alpha', '1-0.beta'],
    ['1.0.final-redhat', '1.0-sp1-redhat'], ['1.0.final-redhat', '1.0-sp-1-redhat'],
    ['1.0.final-redhat', '1.0-sp.1-redhat'],
  ])('%s < %s', (a, b) => {
    expect(compare(a, b)).toBe(-1)
    expect(maven.compare(b, a)).toBe(1)
  })

  it('testVersionEqualWithLeadingZeroes / testVersionZeroEqualWithLeadingZeroes', () => {
    const ones = Array.from({ length: 19 }, (_, n) => `${'0'.repeat(n)}1`)
    const zeros = Array.from({ length: 19 }, (_, n) => '0'.repeat(n + 1))

    const distinct = (list: string[]) => list.filter((v) => compare(v, list[0] ?? '') !== 0)

    expect(distinct(ones)).toEqual([])
    expect(distinct(zeros)).toEqual([])
  })

  it('testMng7644: 1.0.0.X1 < 1.0.0-X2 and 2-X == 2.0.X == 2.0.0.X', () => {
    for (const x of ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC']) {
      expect(compare(`1.0.0.${x}1`, `1.0.0-${x}2`)).toBe(-1)
      expect(compare(`2-${x}`, `2.0.${x}`)).toBe(0)
      expect(compare(`2-${x}`, `2.0.0.${x}`)).toBe(0)
      expect(compare(`2.0.${x}`, `2.0.0.${x}`)).toBe(0)
    }
  })

  it('testCompareDigitToLetter and testLexicographicOrder', () => {
    expect(compare('7', 'J')).toBe(1)
    expect(compare('c', '7')).toBe(-1)
    expect(compare('zebra', 'aardvark')).toBe(1)
    expect(compare('ζέβρα', 'zebra')).toBe(1)
  })
})

describe('maven parse', () => {
  it('builds the item tree of the version order specification', () => {
    expect(parse('1.0-alpha1')).toEqual({
      kind: 'list',
      items: [
        { kind: 'number', digits: '1' },
        { kind: 'list', items: [{ kind: 'combination', text: 'alpha', digits: '1' }] },
      ],
    })
  })

  it('compares a sub-list with a plain qualifier item by item (list vs string in the item tree)', () => {
    // "a-b-c" is [a, [b, [c]]] and "a.b.c" is [a, b, [c]]: b's sub-list equals b, then its
    // remaining [c] is compared with nothing, and an unknown qualifier ranks above a release.
    expect(compare('a-b-c', 'a.b.c')).toBe(1)
    expect(compare('a-b', 'a.b')).toBe(0)
  })

  it('orders real release trains at the fix boundary', () => {
    expect(compare('2.14.0-rc1', '2.14.0')).toBe(-1)
    expect(compare('2.15.0', '2.14.1')).toBe(1)
    expect(compare('5.3.18.RELEASE', '5.3.18')).toBe(0)
    expect(compare('Hoxton.SR1', 'Hoxton.RELEASE')).toBe(1)
    expect(compare('1.2.3.Final', '1.2.3.Beta2')).toBe(1)
  })

  it('refuses versions over 256 characters and falls back to string order', () => {
    const long = `1.${'0.'.repeat(130)}1`

    expect(parse(long)).toBeUndefined()
    expect(isValid(long)).toBe(false)
    expect(compare(long, long)).toBe(0)
    expect(isValid('')).toBe(false)
    expect(isValid('1.0')).toBe(true)
  })
})
