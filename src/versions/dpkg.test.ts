import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compare, compareFragment, dpkg, isValid, parse } from './dpkg.js'

// Source: dpkg's own tests, scripts/t/Dpkg_Version.t __DATA__ (https://git.dpkg.org/cgit/dpkg/dpkg.git),
// "a b expected" rows. Rows whose side dpkg 1.21 rejects ('0foo-' and '-0.6.5') are kept too: our
// parser follows newer dpkg (empty revision accepted) and falls back to string order otherwise.
const DPKG_VERSION_T: ReadonlyArray<readonly [string, string, -1 | 0 | 1]> = [
  ['1.0-1', '2.0-2', -1], ['2.2~rc-4', '2.2-1', -1], ['2.2-1', '2.2~rc-4', 1],
  ['1.0000-1', '1.0-1', 0], ['1', '0:1', 0], ['0', '0:0-0', 0], ['2:2.5', '1:7.5', 1],
  ['1:0foo', '0foo', 1], ['0:0foo', '0foo', 0], ['0foo', '0foo', 0], ['0foo-', '0foo', 0],
  ['0foo-', '0foo-0', 0], ['0foo', '0fo', 1], ['0foo-', '0foo+', -1], ['0foo~1', '0foo', -1],
  ['0foo~foo+Bar', '0foo~foo+bar', -1], ['0foo~~', '0foo~', -1], ['1~', '1', -1],
  ['12345+that-really-is-some-ver-0', '12345+that-really-is-some-ver-10', -1],
  ['0foo-0', '0foo-01', -1], ['0foo.bar', '0foobar', 1], ['0foo.bar', '0foo1bar', 1],
  ['0foo.bar', '0foo0bar', 1], ['0foo1bar-1', '0foobar-1', -1], ['0foo2.0', '0foo2', 1],
  ['0foo2.0.0', '0foo2.10.0', -1], ['0foo2.0', '0foo2.0.0', -1], ['0foo2.0', '0foo2.10', -1],
  ['0foo2.1', '0foo2.10', -1], ['1.09', '1.9', 0], ['1.0.8+nmu1', '1.0.8', 1],
  ['3.11', '3.10+nmu1', 1], ['0.9j-20080306-4', '0.9i-20070324-2', 1],
  ['1.2.0~b7-1', '1.2.0~b6-1', 1], ['1.011-1', '1.06-2', 1], ['0.0.9+dfsg1-1', '0.0.8+dfsg1-3', 1],
  ['4.6.99+svn6582-1', '4.6.99+svn6496-1', 1], ['53', '52', 1],
  ['0.9.9~pre122-1', '0.9.9~pre111-1', 1], ['2:2.3.2-2+lenny2', '2:2.3.2-2', 1],
  ['1:3.8.1-1', '3.8.GA-1', 1], ['1.0.1+gpl-1', '1.0.1-2', 1], ['1a', '1000a', -1],
  ['-0.6.5', '0.9.1', -1],
]

// Source: dpkg lib/dpkg/t/t-version.c test_version_compare / test_version_parse (equal objects).
const T_VERSION_C_EQUAL: ReadonlyArray<readonly [string, string]> = [
  ['0', '0:0'], ['0:0-0', '0-0'], ['0:0.0-0.0', '0.0-0.0'], ['1:0', '1:0-'], ['0-00', '00-0'],
  ['0:0-0-0', '0-0-0'], ['0:0:0-0', '0:0:0-0'], ['0:09azAZ.-+~:-0', '0:09azAZ.-+~:-0'],
  ['  \t0:0-1', '0-1'], ['0:0-1\t  ', '0-1'],
]

// Source: Debian Policy 5.6.12 (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version):
// "~~, ~~a, ~, the empty part, a" sort in that order; plus the usual binNMU and security suffixes.
const POLICY_ORDER = ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a']
const POLICY_LESS: ReadonlyArray<readonly [string, string]> = [
  ['1.0~rc1-1', '1.0-1'], ['1.0-1', '1.0-1+b1'], ['1.0-1+b1', '1.0-1+b2'], ['1.0-1+b9', '1.0-1+b10'],
  ['2.36-9', '2.36-9+deb12u4'], ['2.36-9+deb12u3', '2.36-9+deb12u10'], ['1:1.0', '2:0.1'],
  ['9:1.0', '10:0.1'], ['1.2.3-1ubuntu1', '1.2.3-1ubuntu1.1'], ['3.0.11-1~deb12u1', '3.0.11-1'],
]

describe('dpkg compare (upstream vectors)', () => {
  it.each(DPKG_VERSION_T)('%s vs %s = %i', (a, b, want) => {
    expect(compare(a, b)).toBe(want)
    expect(compare(b, a)).toBe(want === 0 ? 0 : -want)
  })

  it.each(T_VERSION_C_EQUAL)('%s == %s', (a, b) => {
    expect(compare(a, b)).toBe(0)
  })

  it.each(POLICY_LESS)('%s < %s', (a, b) => {
    expect(compare(a, b)).toBe(-1)
    expect(compare(b, a)).toBe(1)
  })

  it('sorts tildes before the empty part and letters after it (Policy 5.6.12)', () => {
    const shuffled = [...POLICY_ORDER].reverse()

    const sorted = shuffled.sort(compare)

    expect(sorted).toEqual(POLICY_ORDER)
  })

  it('orders fragments the way verrevcmp does', () => {
    expect(compareFragment('a', 'b')).toBe(-1)
    expect(compareFragment('0', '00')).toBe(0)
    expect(compareFragment('azAZ09.+~', 'azAZ09.+~')).toBe(0)
  })
})

describe('dpkg parse (t-version.c)', () => {
  it.each([
    ['1:0', { epoch: 1, upstream: '0', revision: '', conforming: true }],
    ['5:1', { epoch: 5, upstream: '1', revision: '', conforming: true }],
    ['0:0-0-0-0', { epoch: 0, upstream: '0-0-0', revision: '0', conforming: true }],
    ['0:0:0:0-0', { epoch: 0, upstream: '0:0:0', revision: '0', conforming: true }],
    ['0:0-0:0-0', { epoch: 0, upstream: '0-0:0', revision: '0', conforming: true }],
    ['0:09azAZ.-+~:-0', { epoch: 0, upstream: '09azAZ.-+~:', revision: '0', conforming: true }],
    ['0:0-azAZ09.+~', { epoch: 0, upstream: '0', revision: 'azAZ09.+~', conforming: true }],
  ])('parses %s', (v, want) => {
    expect(parse(v)).toEqual(want)
  })

  it.each(['', '  ', '0:', '0:0 0-1', '-1:0-1', '999999999999999999999999:0-1', 'a:0-0', 'A:0-0', '-0', '0:-0'])(
    'rejects %j',
    (v) => {
      expect(parse(v)).toBeUndefined()
      expect(isValid(v)).toBe(false)
    },
  )

  it.each(['0:abc3-0', '0:0!-0', '0:0_-0', '0:0-0:0', '0:0-0_'])('warns (parses, not valid) %s', (v) => {
    expect(parse(v)?.conforming).toBe(false)
    expect(isValid(v)).toBe(false)
  })

  it('never throws on hostile input and falls back to string order', () => {
    expect(compare('a:b', '1.0')).toBe(1)
    expect(compare('', '')).toBe(0)
    expect(dpkg.isValid('1:2.36-9+deb12u4')).toBe(true)
  })
})

const ALPHABET = ['0', '1', '2', '9', 'a', 'b', 'Z', '.', '+', '~']
const part = (min: number, max: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength: min, maxLength: max }).map((cs) => cs.join(''))
const versionParts = fc.record({
  epoch: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  head: fc.integer({ min: 0, max: 12 }),
  upstream: part(0, 4),
  revision: fc.option(part(1, 3), { nil: undefined }),
})
type Parts = typeof versionParts extends fc.Arbitrary<infer T> ? T : never
function render(p: Parts, tail: string): string {
  const e = p.epoch === undefined ? '' : `${p.epoch}:`
  const r = p.revision === undefined ? '' : `-${p.revision}`
  return `${e}${p.head}${p.upstream}${tail}${r}`
}
// Pairs share most of their parts (a common upstream prefix, often the same epoch and revision)
// so that comparisons reach the interesting places: tildes against end-of-string, letters
// against symbols, leading zeros.
const versionPair = fc
  .tuple(versionParts, versionParts, fc.boolean(), fc.boolean(), part(0, 3), part(0, 3))
  .map(([x, y, sameEpoch, sameRevision, tx, ty]) => {
    const other = {
      ...x,
      epoch: sameEpoch ? x.epoch : y.epoch,
      revision: sameRevision ? x.revision : y.revision,
    }
    return [render(x, tx), render(other, ty)] as const
  })

/** Asks the real dpkg for a batch of comparisons in one process. */
function dpkgCompareBatch(pairs: ReadonlyArray<readonly [string, string]>): number[] {
  const script =
    'while read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
    'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done'
  const input = pairs.map(([a, b]) => `${a} ${b}`).join('\n') + '\n'
  const out = execFileSync('sh', ['-c', script], { input, encoding: 'utf8' })
  return out.trim().split('\n').map(Number)
}

describe('dpkg compare against the real dpkg --compare-versions', () => {
  it('agrees on generated version pairs', () => {
    fc.assert(
      fc.property(fc.array(versionPair, { minLength: 50, maxLength: 50 }), (pairs) => {
        const want = dpkgCompareBatch(pairs)

        const mismatches = pairs
          .map(([a, b], i) => ({ a, b, got: compare(a, b), dpkg: want[i] }))
          .filter((m) => m.got !== m.dpkg)

        expect(mismatches).toEqual([])
      }),
      // Each run spawns dpkg for a batch; shrinking would respawn it hundreds of times, and the
      // mismatch list already names the failing pairs.
      { numRuns: 6, endOnFailure: true },
    )
  })
})
