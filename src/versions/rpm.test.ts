import { describe, expect, it } from 'vitest'
import { compare, compareSegments, isValid, parse, rpm } from './rpm.js'

// Source: rpm's tests/rpmvercmp.at (https://github.com/rpm-software-management/rpm), every active
// RPMVERCMP(a, b, result) line (the "dnl" oddities section is left out, as upstream does).
const RPMVERCMP: ReadonlyArray<readonly [string, string, -1 | 0 | 1]> = [
  ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0', '1.0', 1],
  ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1', '2.0', 1],
  ['2.0.1a', '2.0.1a', 0], ['2.0.1a', '2.0.1', 1], ['2.0.1', '2.0.1a', -1],
  ['5.5p1', '5.5p1', 0], ['5.5p1', '5.5p2', -1], ['5.5p2', '5.5p1', 1],
  ['5.5p10', '5.5p10', 0], ['5.5p1', '5.5p10', -1], ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1], ['10.1xyz', '10xyz', 1],
  ['xyz10', 'xyz10', 0], ['xyz10', 'xyz10.1', -1], ['xyz10.1', 'xyz10', 1],
  ['xyz.4', 'xyz.4', 0], ['xyz.4', '8', -1], ['8', 'xyz.4', 1], ['xyz.4', '2', -1], ['2', 'xyz.4', 1],
  ['5.5p2', '5.6p1', -1], ['5.6p1', '5.5p2', 1],
  ['5.6p1', '6.5p1', -1], ['6.5p1', '5.6p1', 1],
  ['6.0.rc1', '6.0', 1], ['6.0', '6.0.rc1', -1],
  ['10b2', '10a1', 1], ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0], ['1.0a', '1.0aa', -1], ['1.0aa', '1.0a', 1],
  ['10.0001', '10.0001', 0], ['10.0001', '10.1', 0], ['10.1', '10.0001', 0],
  ['10.0001', '10.0039', -1], ['10.0039', '10.0001', 1],
  ['4.999.9', '5.0', -1], ['5.0', '4.999.9', 1],
  ['20101121', '20101121', 0], ['20101121', '20101122', -1], ['20101122', '20101121', 1],
  ['2_0', '2_0', 0], ['2.0', '2_0', 0], ['2_0', '2.0', 0],
  // RhBug:178798
  ['a', 'a', 0], ['a+', 'a+', 0], ['a+', 'a_', 0], ['a_', 'a+', 0], ['+a', '+a', 0], ['+a', '_a', 0],
  ['_a', '+a', 0], ['+_', '+_', 0], ['_+', '+_', 0], ['_+', '_+', 0], ['+', '_', 0], ['_', '+', 0],
  // tilde sorting
  ['1.0~rc1', '1.0~rc1', 0], ['1.0~rc1', '1.0', -1], ['1.0', '1.0~rc1', 1],
  ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc2', '1.0~rc1', 1],
  ['1.0~rc1~git123', '1.0~rc1~git123', 0], ['1.0~rc1~git123', '1.0~rc1', -1], ['1.0~rc1', '1.0~rc1~git123', 1],
]

// Source: rpm's tests/rpmvercmp.at (rpm >= 4.15), "Basic testcases for caret sorting" and
// "tilde and caret sorting": '^' sorts after the end of the string and before anything else.
// Then the "oddities" rpm documents (RhBug:811992; non-ASCII characters are all separators).
const CARET: ReadonlyArray<readonly [string, string, -1 | 0 | 1]> = [
  ['1.0^', '1.0^', 0], ['1.0^', '1.0', 1], ['1.0', '1.0^', -1],
  ['1.0^git1', '1.0^git1', 0], ['1.0^git1', '1.0', 1], ['1.0', '1.0^git1', -1],
  ['1.0^git1', '1.0^git2', -1], ['1.0^git2', '1.0^git1', 1],
  ['1.0^git1', '1.01', -1], ['1.01', '1.0^git1', 1],
  ['1.0^20160101', '1.0^20160101', 0], ['1.0^20160101', '1.0.1', -1], ['1.0.1', '1.0^20160101', 1],
  ['1.0^20160101^git1', '1.0^20160101^git1', 0], ['1.0^20160102', '1.0^20160101^git1', 1],
  ['1.0^20160101^git1', '1.0^20160102', -1],
  ['1.0~rc1^git1', '1.0~rc1^git1', 0], ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0~rc1', '1.0~rc1^git1', -1],
  ['1.0^git1~pre', '1.0^git1~pre', 0], ['1.0^git1', '1.0^git1~pre', 1], ['1.0^git1~pre', '1.0^git1', -1],
  ['1b.fc17', '1b.fc17', 0], ['1b.fc17', '1.fc17', -1], ['1.fc17', '1b.fc17', 1],
  ['1g.fc17', '1g.fc17', 0], ['1g.fc17', '1.fc17', 1], ['1.fc17', '1g.fc17', -1],
  ['1.1.α', '1.1.α', 0], ['1.1.α', '1.1.β', 0], ['1.1.β', '1.1.α', 0], ['1.1.αα', '1.1.α', 0],
  ['1.1.α', '1.1.ββ', 0], ['1.1.ββ', '1.1.αα', 0],
]

describe('rpmvercmp (rpm tests/rpmvercmp.at)', () => {
  it.each([...RPMVERCMP, ...CARET])('rpmvercmp(%s, %s) = %i', (a, b, want) => {
    expect(compareSegments(a, b)).toBe(want)
  })
})

// EVR ordering as rpm -q --qf / rpmdsCompare does it: epoch first (missing = 0), then version,
// then release; Red Hat security errata boundaries.
const EVR: ReadonlyArray<readonly [string, string, -1 | 0 | 1]> = [
  ['1:1.0-1', '2.0-1', 1], ['0:2.0-1', '2.0-1', 0], ['1:2.0-1', '2.0-1', 1],
  ['2.0-1', '2.0-2', -1], ['2.0-1.el9', '2.0-1.el9_2', -1], ['2.0-1.el9_2.1', '2.0-1.el9_2', 1],
  ['3.0.7-24.el9', '3.0.7-27.el9', -1], ['1:3.0.7-27.el9', '1:3.0.7-27.el9', 0],
  ['7.76.1-26.el9_3.2', '7.76.1-26.el9_3.3', -1], ['2.28-236.el9_4.2', '2.28-236.el9', 1],
  // no release on one side: release not compared (rpm dependency semantics)
  ['2.0', '2.0-5', 0], ['2.0-5', '2.0', 0], ['2.1', '2.0-5', 1],
]

describe('rpm EVR compare', () => {
  it.each(EVR)('%s vs %s = %i', (a, b, want) => {
    expect(compare(a, b)).toBe(want)
    expect(rpm.compare(b, a)).toBe(want === 0 ? 0 : -want)
  })

  it.each([
    ['1:2.3-4.el9', { epoch: 1, version: '2.3', release: '4.el9' }],
    ['2.3', { epoch: 0, version: '2.3', release: '' }],
    ['0:1.0-1-2', { epoch: 0, version: '1.0-1', release: '2' }],
  ])('parses %s', (v, want) => {
    expect(parse(v)).toEqual(want)
  })

  it.each(['', ' ', 'a:1.0-1', ':1.0', '1.0-', '1:-1', '1.0 -1', '9999999999:1-1'])('rejects %j', (v) => {
    expect(parse(v)).toBeUndefined()
    expect(isValid(v)).toBe(false)
  })

  it('falls back to string order for unparseable input, never throwing', () => {
    expect(compare('a:1', '1.0-1')).toBe(1)
    expect(compare('', '')).toBe(0)
  })
})
