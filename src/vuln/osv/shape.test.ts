import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OsvRecord } from './schema.js'
import { isOsvShape } from './shape.js'

const FIXTURES = join(import.meta.dirname, '../../../testdata/osv')
const real = ['npm', 'go', 'maven', 'debian'].flatMap((d) =>
  readdirSync(join(FIXTURES, d)).map((f) => readFileSync(join(FIXTURES, d, f), 'utf8')),
)

/** Replaces the value at a random path of a JSON value with another JSON value. */
function mutate(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const [step = 0, ...rest] = path
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement]
    const i = step % value.length
    return value.map((v, j) => (j === i ? mutate(v, rest, replacement) : v))
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
    if (keys.length === 0) return replacement
    const key = keys[step % keys.length] as string
    return { ...value, [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) }
  }
  return replacement
}

describe('isOsvShape', () => {
  it('accepts exactly what the OsvRecord schema accepts (mutated real records)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...real),
        fc.array(fc.nat(40), { maxLength: 6 }),
        fc.oneof(fc.jsonValue(), fc.constant(null), fc.constant([]), fc.constant({})),
        (text, path, replacement) => {
          const value = mutate(JSON.parse(text), path, replacement)
          const viaZod = OsvRecord.safeParse(structuredClone(value)).success

          expect(isOsvShape(structuredClone(value))).toBe(viaZod)
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('drops null lists as the schema does', () => {
    const data = { id: 'X', modified: 'm', aliases: null, affected: null, severity: null }

    expect(isOsvShape(data)).toBe(true)
    expect(data).toEqual(OsvRecord.parse({ id: 'X', modified: 'm', aliases: null, affected: null, severity: null }))
  })
})
