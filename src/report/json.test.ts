import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { renderJson, withStableKeys } from './json.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

describe('renderJson', () => {
  it.each(['debian-app.json', 'hostile.json'])('%s round-trips to the same report', (name) => {
    const report = load(name)

    expect(JSON.parse(renderJson(report))).toEqual(report)
  })

  it('uses 2-space indentation and ends with a newline', () => {
    const out = renderJson(load('debian-app.json'))

    expect(out.startsWith('{\n  "schemaVersion": 1,\n  "createdAt": ')).toBe(true)
    expect(out.endsWith('}\n')).toBe(true)
  })

  it('gives the same bytes whatever order the producer built its objects in', () => {
    const report = load('debian-app.json')
    const reversed = JSON.parse(
      JSON.stringify(report, (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse())
          : v,
      ),
    ) as ScanReport

    expect(renderJson(reversed)).toBe(renderJson(report))
  })
})

describe('withStableKeys', () => {
  it('puts leading keys first, the rest alphabetically, and drops undefined', () => {
    const out = withStableKeys({ zeta: 1, title: 't', id: 'x', alpha: undefined, beta: [{ b: 1, a: 2 }] })

    expect(JSON.stringify(out)).toBe('{"id":"x","title":"t","beta":[{"a":2,"b":1}],"zeta":1}')
  })

  it('keeps a "__proto__" member as data without touching prototypes', () => {
    const input = JSON.parse('{"details":{"__proto__":{"polluted":true}}}') as unknown

    const out = withStableKeys(input) as { details: Record<string, unknown> }

    expect(JSON.stringify(out)).toBe('{"details":{"__proto__":{"polluted":true}}}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(out.details)).toBeNull()
  })
})

// The plain definition withStableKeys had before it cached key orders per object shape.
function reference(value: unknown): unknown {
  const lead = ['schemaVersion', 'createdAt', 'tool', 'artifact', 'os', 'packages', 'findings', 'unknowns', 'warnings', 'id', 'kind', 'severity', 'title', 'name', 'version', 'type', 'purl']
  const rank = (k: string): number => (lead.includes(k) ? lead.indexOf(k) : lead.length)
  if (Array.isArray(value)) return value.map(reference)
  if (value === null || typeof value !== 'object') return value
  const out = Object.create(null) as Record<string, unknown>
  const entries = Object.entries(value).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
  for (const [k, v] of entries) if (v !== undefined) out[k] = reference(v)
  return out
}

describe('withStableKeys', () => {
  it('writes exactly what the plain sorted copy writes, whatever the keys', () => {
    const key = fc.oneof(
      fc.constantFrom('name', 'version', 'type', 'purl', 'id', '__proto__', 'a', 'b', '', '0', '17', 'a\0', '\0b'),
      fc.string(),
    )
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, undefined, Number.NaN, -0, 1e21),
        fc.double(),
        fc.integer(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(key, tie('value'), { maxKeys: 6 }),
      ),
    }))
    fc.assert(
      fc.property(json.value, (v) => {
        expect(JSON.stringify(withStableKeys(v), null, 2)).toBe(JSON.stringify(reference(v), null, 2))
      }),
      { numRuns: 3000 },
    )
  })
})
