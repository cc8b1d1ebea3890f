import { isRecord, nonEmptyString } from '../internal/lang-text.js'
import { snapshotKeyOf, stripPeerSuffix } from './package-id.js'

type Doc = Readonly<Record<string, unknown>>

const PROD_FIELDS = ['dependencies', 'optionalDependencies'] as const

/** Snapshot keys that an importer's dependency fields point at. */
function rootsOf(importer: unknown, fields: readonly string[]): string[] {
  const out: string[] = []
  if (!isRecord(importer)) return out
  for (const field of fields) {
    const deps = importer[field]
    if (!isRecord(deps)) continue
    for (const [name, spec] of Object.entries(deps)) {
      const ref = isRecord(spec) ? nonEmptyString(spec['version']) : nonEmptyString(spec)
      const key = ref ? snapshotKeyOf(name, ref) : undefined
      if (key) out.push(key)
    }
  }
  return out
}

/**
 * For 9.x lockfiles, which no longer mark packages `dev`: the package ids (`name@version`, peer
 * suffix dropped) reachable from any importer's production or optional dependencies through the
 * `snapshots` graph. Everything else in the lockfile is only needed for development. Returns
 * undefined when the lockfile has no importers to start from.
 */
export function productionIds(doc: Doc): Set<string> | undefined {
  const importers = doc['importers']
  const snapshots = isRecord(doc['snapshots']) ? doc['snapshots'] : {}
  if (!isRecord(importers)) return undefined
  const queue: string[] = []
  for (const importer of Object.values(importers)) queue.push(...rootsOf(importer, PROD_FIELDS))
  const seen = new Set<string>()
  while (queue.length > 0) {
    const key = queue.pop() as string
    if (seen.has(key)) continue
    seen.add(key)
    queue.push(...rootsOf(snapshots[key], PROD_FIELDS))
  }
  return new Set([...seen].map((k) => stripPeerSuffix(k, 9)))
}
