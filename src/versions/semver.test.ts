import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compare, isValid, parse, semver } from './semver.js'

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

// Source: SemVer 2.0.0 item 11 (https://semver.org/spec/v2.0.0.html#spec-item-11), in order.
const SPEC_ORDER = [
  '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2',
  '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1',
]

describe('semver compare (node-semver fixtures)', () => {
  it.each(COMPARISONS.filter(([, , loose]) => !loose))('%s > %s', (a, b) => {
    expect(compare(a, b)).toBe(1)
    expect(compare(b, a)).toBe(-1)
  })

  it.each(EQUALITY.filter(([, , loose]) => !loose))('%j == %j', (a, b) => {
    expect(compare(a, b)).toBe(0)
  })

  it('sorts the SemVer 2.0.0 precedence example', () => {
    const shuffled = [...SPEC_ORDER].reverse()

    const sorted = shuffled.sort(compare)

    expect(sorted).toEqual(SPEC_ORDER)
  })

  it('accepts crates.io and OSV SEMVER versions', () => {
    expect(semver.isValid('1.0.0-alpha+001')).toBe(true)
    expect(parse('v1.2.3')?.version).toBe('1.2.3')
  })

  // Source: node-semver test/fixtures/invalid-versions.js and SemVer 2.0.0 item 2 (no leading zeros).
  it.each(['1.2', '1.2.3.4', 'a.b.c', '01.2.3', '1.2.3-', '1.2.3+', 'not a version', '', '1.2.3-01'])(
    'rejects %j and falls back to string order',
    (v) => {
      expect(isValid(v)).toBe(false)
      expect(compare(v, v)).toBe(0)
    },
  )

  it('never throws on hostile input', () => {
    expect(compare('1.2', '1.10')).toBe(1) // string order: '2' > '1'
    expect(compare('9'.repeat(300), '1.0.0')).toBe(1)
  })
})
