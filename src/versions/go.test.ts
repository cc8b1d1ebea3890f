import { describe, expect, it } from 'vitest'
import { compare, comparePrerelease, go, isValid, parse } from './go.js'

// Source: golang.org/x/mod semver/semver_test.go `tests` ({in, out}), in sorted order; an empty
// `out` marks an invalid version. Compare(tests[i], tests[j]) is 0 when the canonical forms are
// equal, else -1 for i < j.
const TESTS: ReadonlyArray<readonly [string, string]> = [
  ['bad', ''], ['v1-alpha.beta.gamma', ''], ['v1-pre', ''], ['v1+meta', ''], ['v1-pre+meta', ''],
  ['v1.2-pre', ''], ['v1.2+meta', ''], ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'], ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'], ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'], ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'], ['v1', 'v1.0.0'], ['v1.0', 'v1.0.0'], ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'], ['v1.2.0', 'v1.2.0'], ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'], ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'], ['v1.2.3-pre', 'v1.2.3-pre'], ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'], ['v1.2.3-zzz', 'v1.2.3-zzz'], ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'], ['v1.2.3+meta-pre', 'v1.2.3'], ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
]
const VALID = TESTS.map(([input, out], i) => ({ input, out, i })).filter(({ out }) => out !== '')

describe('go compare (x/mod/semver tests)', () => {
  it.each(TESTS)('IsValid(%j) follows out=%j', (input, out) => {
    expect(isValid(input)).toBe(out !== '')
  })

  it('orders every valid pair as TestCompare does', () => {
    const got: string[] = []
    const want: string[] = []
    for (const x of VALID) {
      for (const y of VALID) {
        const expected = x.out === y.out ? 0 : x.i < y.i ? -1 : 1
        got.push(`${x.input} ${y.input} ${compare(x.input, y.input)}`)
        want.push(`${x.input} ${y.input} ${expected}`)
      }
    }

    expect(got).toEqual(want)
  })

  // The explicit rows of TestCompare. The copy of semver_test.go we read also lists
  // {"v1.19", "v1.2", -1}, which contradicts x/mod's own compareInt (a longer digit string is the
  // larger number) and the Go module reference's numeric ordering, so that row is not ported:
  // v1.19 is newer than v1.2.
  it.each([
    ['v1', 'v1', 0], ['v2', 'v1', 1], ['v1', 'v2', -1], ['v1.19', 'v1.2', 1],
  ] as const)('Compare(%s, %s) = %i', (a, b, want) => {
    expect(compare(a, b)).toBe(want)
  })
})

// Source: Go module reference (https://go.dev/ref/mod#pseudo-versions, #incompatible-versions):
// pseudo-versions order by their UTC timestamp, and sit below the release they precede;
// +incompatible is build metadata and does not change the order.
describe('go pseudo-versions and +incompatible', () => {
  it.each([
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-000000000000', -1],
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.1.0', -1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3', 1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4', -1],
    ['v1.2.4-pre.0.20191109021931-daa7c04131f5', 'v1.2.4-pre', 1],
    ['v2.0.0+incompatible', 'v2.0.0', 0],
    ['v2.0.1+incompatible', 'v2.0.0+incompatible', 1],
    ['1.21.5', 'v1.21.5', 0],
    ['0.0.0-20191109021931-daa7c04131f5', '0.0.0-20191109021931-daa7c04131f5', 0],
  ] as const)('%s vs %s = %i', (a, b, want) => {
    expect(go.compare(a, b)).toBe(want)
  })

  it('keeps the parts', () => {
    expect(parse('v2.3.4-rc.1+incompatible')).toEqual({
      major: '2', minor: '3', patch: '4', prerelease: ['rc', '1'], build: 'incompatible',
    })
    expect(parse('v1.2.3-01')).toBeUndefined()
    expect(parse('v01.2.3')).toBeUndefined()
  })

  it('orders pre-release identifiers per SemVer', () => {
    expect(comparePrerelease([], [])).toBe(0)
    expect(comparePrerelease(['1'], ['a'])).toBe(-1)
    expect(comparePrerelease(['a'], ['a', '1'])).toBe(-1)
  })

  it('falls back to string order for invalid input, never throwing', () => {
    expect(compare('bad', 'v1.0.0')).toBe(-1)
    expect(compare('', '')).toBe(0)
  })
})
