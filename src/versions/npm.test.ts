import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compare, isValid, npm, satisfies } from './npm.js'

// Source: node-semver's own fixtures (testdata/node-semver.json, see testdata/README.md).
interface NodeSemverFixtures {
  readonly comparisons: ReadonlyArray<{ greater: string; lesser: string; loose: boolean }>
  readonly equality: ReadonlyArray<{ a: string; b: string; loose: boolean }>
}
const FIXTURES = JSON.parse(
  readFileSync(new URL('./testdata/node-semver.json', import.meta.url), 'utf8'),
) as NodeSemverFixtures
const COMPARISONS = FIXTURES.comparisons.map((c) => [c.greater, c.lesser, c.loose] as const)
const EQUALITY = FIXTURES.equality.map((e) => [e.a, e.b, e.loose] as const)

describe('npm compare (node-semver fixtures, loose)', () => {
  it.each(COMPARISONS)('%s > %s', (a, b) => {
    expect(compare(a, b)).toBe(1)
    expect(npm.compare(b, a)).toBe(-1)
  })

  it.each(EQUALITY)('%j == %j', (a, b) => {
    expect(compare(a, b)).toBe(0)
  })

  it('accepts what npm accepts and nothing else', () => {
    expect(isValid('1.2.3beta')).toBe(true)
    expect(isValid('=v1.2.3')).toBe(true)
    expect(isValid('1.2')).toBe(false)
    expect(isValid('latest')).toBe(false)
  })
})

// Source: node-semver test/fixtures/range-include.js ([range, version]), rows without options or
// with `loose` for the version only (ranges are parsed strictly); npm's default excludes
// pre-releases from plain comparators.
const INCLUDE: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0 - 2.0.0', '1.2.3'], ['^1.2.3+build', '1.2.3'], ['^1.2.3+build', '1.3.0'],
  ['1.2.3-pre+asdf - 2.4.3-pre+asdf', '1.2.3'],
  ['1.2.3-pre+asdf - 2.4.3-pre+asdf', '1.2.3-pre.2'], ['1.2.3-pre+asdf - 2.4.3-pre+asdf', '2.4.3-alpha'],
  ['1.2.3+asdf - 2.4.3+asdf', '1.2.3'], ['1.0.0', '1.0.0'], ['>=*', '0.2.4'], ['', '1.0.0'],
  ['*', 'v1.2.3'], ['>=1.0.0', '1.0.0'], ['>1.0.0', '1.0.1'], ['<=2.0.0', '1.9999.9999'],
  ['<2.0.0', '0.2.9'], ['>= 1.0.0', '1.0.0'], ['<\t2.0.0', '0.2.9'], ['>=0.1.97', 'v0.1.97'],
  ['0.1.20 || 1.2.4', '1.2.4'], ['>=0.2.3 || <0.0.1', '0.0.0'], ['||', '1.3.4'], ['2.x.x', '2.1.3'],
  ['1.2.x || 2.x', '1.2.3'], ['x', '1.2.3'], ['1.2.* || 2.*', '2.1.3'], ['2', '2.1.2'], ['2.3', '2.3.1'],
  ['~0.0.1', '0.0.2'], ['~x', '0.0.9'], ['~2.4', '2.4.5'], ['~>3.2.1', '3.2.2'], ['~> 1', '1.2.3'],
  ['~ 1.0.3', '1.0.12'], ['<1.2', '1.1.1'], ['~v0.5.4-pre', '0.5.4'], ['=0.7.x', '0.7.2'],
  ['<=0.7.x', '0.6.2'], ['~1.2.1 >=1.2.3 1.2.3', '1.2.3'], ['^1.2.3', '1.8.1'], ['^0.1', '0.1.2'],
  ['^0.0.1', '0.0.1'], ['^1.2 ^1', '1.4.2'], ['^1.2.3-alpha', '1.2.3-pre'], ['^0.0.1-alpha', '0.0.1'],
  ['^x', '1.2.3'], ['x - 1.x', '0.9.7'], ['1.x - x', '1.9.7'], ['<=7.x', '7.9.9'],
]

// Source: node-semver test/fixtures/range-exclude.js, same selection.
const EXCLUDE: ReadonlyArray<readonly [string, string]> = [
  ['1.0.0 - 2.0.0', '2.2.3'], ['1.2.3+asdf - 2.4.3+asdf', '1.2.3-pre.2'], ['^1.2.3+build', '2.0.0'],
  ['^1.2.3', '1.2.3-pre'], ['>1.2', '1.3.0-beta'], ['<=1.2.3', '1.2.3-beta'], ['=0.7.x', '0.7.0-asdf'],
  ['1', '1.0.0beta'], ['<1', '1.0.0beta'], ['1.0.0', '1.0.1'], ['>=1.0.0', '0.1.0'], ['<=2.0.0', '2.2.9'],
  ['>=0.1.97', 'v0.1.93'], ['0.1.20 || 1.2.4', '1.2.3'], ['>=0.2.3 || <0.0.1', '0.2.2'],
  ['2.x.x', '3.1.3'], ['1.2.* || 2.*', '1.1.3'], ['2.3', '2.4.1'], ['~0.0.1', '0.1.0-alpha'],
  ['~2.4', '2.5.0'], ['~>3.2.1', '3.2.0'], ['~1.0', '1.1.0'], ['<1', '1.0.0'], ['~v0.5.4-beta', '0.5.4-alpha'],
  ['<0.7.x', '0.7.2'], ['<1.2.3', '1.2.3-beta'], ['=1.2.3', '1.2.3-beta'], ['>1.2', '1.2.8'],
  ['^0.0.1', '0.0.2-alpha'], ['^1.2.3', '2.0.0-alpha'], ['^1.2', '1.1.9'], ['*', 'v1.2.3-foo'],
  ['*', 'not a version'], ['>=2', 'glorp'], ['^1.0.0', '2.0.0-rc1'],
]

// Source: range-include.js / range-exclude.js rows with { includePrerelease: true }.
const WITH_PRERELEASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['2.x', '2.0.0-pre.0', true], ['2.x', '2.1.0-pre.0', true], ['*', '1.0.0-rc1', true],
  ['^1.0.0-0', '1.0.1-rc1', true], ['^1.0.0-rc2', '1.0.1-rc1', true], ['^1.0.0', '1.0.1-rc1', true],
  ['^1.0.0', '1.1.0-rc1', true], ['2.x', '3.0.0-pre.0', false], ['^1.0.0', '1.0.0-rc1', false],
  ['^1.2.3-rc2', '2.0.0', false], ['^1.0.0', '2.0.0-rc1', false],
]

describe('npm satisfies', () => {
  it.each(INCLUDE)('%j includes %s (npm default)', (range, version) => {
    expect(satisfies(version, range, { includePrerelease: false })).toBe(true)
  })

  it.each(EXCLUDE)('%j excludes %s (npm default)', (range, version) => {
    expect(satisfies(version, range, { includePrerelease: false })).toBe(false)
  })

  it.each(WITH_PRERELEASES)('%j with pre-releases, %s: %s', (range, version, want) => {
    expect(satisfies(version, range)).toBe(want)
  })

  it('lets a pre-release fall inside a vulnerable range by default', () => {
    expect(satisfies('1.2.3-beta.1', '>=1.0.0 <1.2.3')).toBe(true)
    expect(satisfies('1.2.3-beta.1', '>=1.0.0 <1.2.3', { includePrerelease: false })).toBe(false)
  })

  it.each(['>=1.0.0 <<<< garbage ((', '>=1.0.0 <x.y.z.w', 'blerg', '~1.2.3.4'])(
    'gives false for the invalid range %j instead of throwing or widening it',
    (range) => {
      expect(satisfies('1.2.3', range)).toBe(false)
    },
  )
})
