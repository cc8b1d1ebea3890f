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

// Sorted key orders by an object's own key list: a report holds thousands of objects of a few
// shapes (packages, locations, layer refs), so each shape is sorted once.
const orders = new Map<string, readonly string[]>()

function sortedKeys(obj: object): readonly string[] {
  const keys = Object.keys(obj)
  const sig = JSON.stringify(keys) // unambiguous whatever the keys hold
  let order = orders.get(sig)
  if (!order) {
    order = [...keys].sort(compareKeys)
    if (orders.size < 1000) orders.set(sig, order)
  }
  return order
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
  const obj = value as Record<string, unknown>
  for (const k of sortedKeys(obj)) {
    const v = obj[k]
    if (v !== undefined) out[k] = withStableKeys(v)
  }
  return out
}

/** Renders the report as JSON: the ScanReport itself, stable key order, 2-space indent. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(withStableKeys(report), null, 2)}\n`
}
