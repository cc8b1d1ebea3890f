import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { apk, compare, isValid, parse, tokenize } from './apk.js'

// Source: apk-tools test/version.data (see testdata/README.md): "a OP b" per line, OP in < = >.
const VECTORS = readFileSync(new URL('./testdata/apk-version.data', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter((line) => line !== '')
  .map((line) => {
    const [a = '', op = '', b = ''] = line.split(/\s+/)
    return { a, op, b }
  })
const WANT: Readonly<Record<string, number>> = { '<': -1, '=': 0, '>': 1 }

describe('apk compare (apk-tools test/version.data)', () => {
  it('has every upstream vector', () => {
    expect(VECTORS).toHaveLength(729)
  })

  it.each(VECTORS)('$a $op $b', ({ a, op, b }) => {
    const want = WANT[op]

    expect(compare(a, b)).toBe(want)
    expect(compare(b, a)).toBe(want === 0 ? 0 : -(want ?? 0))
  })
})

describe('apk parse', () => {
  it.each(['1.2.3', '1.2.3-r0', '2.36_pre20240101-r1', '1.0_alpha_pre2', '1.2.3a_p4-r5', '006'])(
    'accepts %s',
    (v) => {
      expect(isValid(v)).toBe(true)
      expect(parse(v)).toEqual(tokenize(v))
    },
  )

  it.each(['1.0bc', '23_foo', '1.0-1', '1.0-x1', '1.0~1', '1.2_beta1a', '1.2a.3', '1.2.3-r1.2'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false)
    expect(parse(v)).toBeUndefined()
  })

  it('orders Alpine security fixes at the revision boundary', () => {
    expect(compare('3.1.4-r5', '3.1.4-r6')).toBe(-1)
    expect(compare('3.1.4-r10', '3.1.4-r9')).toBe(1)
    expect(compare('3.1.4', '3.1.4-r0')).toBe(-1)
    expect(compare('1.36.1_git20240101-r0', '1.36.1-r30')).toBe(1)
  })

  it('never throws on hostile input', () => {
    expect(compare('', '')).toBe(0)
    expect(compare('\u0000', '-')).toBe(0)
    expect(apk.compare('9'.repeat(400), '9'.repeat(399))).toBe(1)
    expect(apk.compare(`9${'.0'.repeat(600)}`, '10')).toBe(1) // over 1,024 characters: string order
    expect(apk.compare(`9${'.0'.repeat(500)}`, '10')).toBe(-1)
  })
})
