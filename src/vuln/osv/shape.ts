import type { Advisory } from '../../core/index.js'

/**
 * A hand-written twin of the `OsvRecord` zod schema for the bulk-import hot path (zod costs more
 * than JSON.parse per record; an ecosystem archive has hundreds of thousands). It accepts exactly
 * what the schema accepts (a property test holds the two together) and, like the schema's
 * transforms, turns null lists into absent ones. On false the caller asks zod for the reason.
 */
export function isOsvShape(data: unknown): data is Advisory {
  if (!isObject(data)) return false
  if (typeof data['id'] !== 'string' || data['id'] === '') return false
  if (typeof data['modified'] !== 'string') return false
  for (const key of ['schema_version', 'published', 'withdrawn', 'summary', 'details']) {
    if (!optionalString(data[key])) return false
  }
  for (const key of ['aliases', 'related']) {
    if (data[key] === null) delete data[key]
    else if (data[key] !== undefined && !isStringList(data[key])) return false
  }
  if (data['upstream'] !== undefined && !isStringList(data['upstream'])) return false
  if (!optionalSpecific(data['database_specific'])) return false
  if (!nullableList(data, 'severity', isSeverity)) return false
  if (!nullableList(data, 'affected', isAffected)) return false
  return nullableList(data, 'references', isReference)
}

type Obj = Record<string, unknown>

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string'
}

function optionalSpecific(v: unknown): boolean {
  return v === undefined || isObject(v)
}

function isStringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

function listOf(v: unknown, item: (x: unknown) => boolean): boolean {
  return Array.isArray(v) && v.every(item)
}

function nullableList(data: Obj, key: string, item: (x: unknown) => boolean): boolean {
  const v = data[key]
  if (v === null) {
    delete data[key]
    return true
  }
  return v === undefined || listOf(v, item)
}

function isSeverity(v: unknown): boolean {
  return isObject(v) && typeof v['type'] === 'string' && typeof v['score'] === 'string'
}

function isReference(v: unknown): boolean {
  return isObject(v) && typeof v['type'] === 'string' && typeof v['url'] === 'string'
}

function isEvent(v: unknown): boolean {
  if (!isObject(v)) return false
  return (
    optionalString(v['introduced']) &&
    optionalString(v['fixed']) &&
    optionalString(v['last_affected']) &&
    optionalString(v['limit'])
  )
}

function isRange(v: unknown): boolean {
  if (!isObject(v) || typeof v['type'] !== 'string' || !optionalString(v['repo'])) return false
  return listOf(v['events'], isEvent) && optionalSpecific(v['database_specific'])
}

function isAffected(v: unknown): boolean {
  if (!isObject(v)) return false
  const p = v['package']
  if (p !== undefined) {
    if (!isObject(p) || typeof p['ecosystem'] !== 'string' || typeof p['name'] !== 'string') {
      return false
    }
    if (!optionalString(p['purl'])) return false
  }
  if (v['ranges'] !== undefined && !listOf(v['ranges'], isRange)) return false
  if (v['versions'] !== undefined && !isStringList(v['versions'])) return false
  if (v['severity'] !== undefined && !listOf(v['severity'], isSeverity)) return false
  return optionalSpecific(v['ecosystem_specific']) && optionalSpecific(v['database_specific'])
}
