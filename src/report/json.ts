import type { ScanReport } from '../core/index.js'

// Keys that lead their object, in this order; all other keys follow alphabetically. This keeps
// the output independent of the order in which producers happened to build their objects.
const LEADING_KEYS = [
  'schemaVersion',
  'createdAt',
  'tool',
  'artifact',
  'os',
  'packages',
  'findings',
  'unknowns',
  'warnings',
  'id',
  'kind',
  'severity',
  'title',
  'name',
  'version',
  'type',
  'purl',
]
const RANK = new Map(LEADING_KEYS.map((k, i) => [k, i]))

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? LEADING_KEYS.length
  const rb = RANK.get(b) ?? LEADING_KEYS.length
  if (ra !== rb) return ra - rb
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A copy of a JSON-like value with object keys in a stable order (leading keys first, then
 * alphabetical). Undefined members are dropped, as JSON.stringify would.
 */
export function withStableKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withStableKeys)
  if (value === null || typeof value !== 'object') return value
  // A null prototype keeps a hostile "__proto__" key an ordinary member.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareKeys(a, b))
  for (const [k, v] of entries) {
    if (v !== undefined) out[k] = withStableKeys(v)
  }
  return out
}

// Sorted key orders by an object's own key list: a report holds thousands of objects of a few
// shapes (packages, locations, layer refs), so each shape is sorted once.
const orders = new Map<string, readonly string[]>()

function sortedKeys(obj: object): readonly string[] {
  const keys = Object.keys(obj)
  const sig = JSON.stringify(keys) // unambiguous whatever the keys hold
  let order = orders.get(sig)
  if (!order) {
    // Integer-like keys ("0", "17") always enumerate first in ascending order in a JS object, so
    // the sorted copy withStableKeys makes writes them first too: keep that order here.
    const isIndex = (k: string): boolean => /^(0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295
    order = [...keys.filter(isIndex), ...keys.filter((k) => !isIndex(k)).sort(compareKeys)]
    if (orders.size < 1000) orders.set(sig, order)
  }
  return order
}

/**
 * Writes `value` as `JSON.stringify(withStableKeys(value), null, 2)` does, in one pass without the
 * sorted copy (the same text: tested against that expression).
 */
export function stableJson(value: unknown): string {
  const out: string[] = []
  write(value, '', out)
  return out.join('')
}

function write(value: unknown, indent: string, out: string[]): void {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON()
  }
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null')
    return
  }
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]')
    out.push('[\n')
    for (let i = 0; i < value.length; i++) {
      out.push(inner)
      const v: unknown = value[i]
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out.push('null')
      else write(v, inner, out)
      out.push(i < value.length - 1 ? ',\n' : '\n')
    }
    out.push(`${indent}]`)
    return
  }
  const obj = value as Record<string, unknown>
  let first = true
  for (const k of sortedKeys(obj)) {
    const v = obj[k]
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue
    out.push(first ? '{\n' : ',\n', inner, JSON.stringify(k), ': ')
    first = false
    write(v, inner, out)
  }
  out.push(first ? '{}' : `\n${indent}}`)
}

/** Renders the report as JSON: the ScanReport itself, stable key order, 2-space indent. */
export function renderJson(report: ScanReport): string {
  return `${stableJson(report)}\n`
}
