import { normalizePackageName, type Advisory, type AdvisoryAffected } from '../../core/index.js'

/**
 * One row of the `affects` index: a record's affected entries for one (ecosystem, normalized
 * name), cut down to what version matching reads, so a scan can decide which records affect a
 * package without reading and parsing whole records.
 */
export interface MatchableRow {
  readonly ecosystem: string
  readonly name: string
  /** JSON array of the entries' `versions` and ECOSYSTEM/SEMVER `ranges` (type and events). */
  readonly entries: string
}

/**
 * The index rows of a record. Every entry naming a package gets its key; a withdrawn record
 * keeps its keys with no entries (it never matches), and GIT ranges, which name commits and
 * never match a package version, are left out.
 */
export function matchableRows(record: Advisory): MatchableRow[] {
  const byKey = new Map<string, { ecosystem: string; name: string; entries: AdvisoryAffected[] }>()
  for (const a of record.affected ?? []) {
    if (!a.package) continue
    const ecosystem = a.package.ecosystem
    const name = normalizePackageName(ecosystem, a.package.name)
    const key = `${ecosystem}\0${name}`
    let row = byKey.get(key)
    if (!row) byKey.set(key, (row = { ecosystem, name, entries: [] }))
    if (record.withdrawn) continue
    const ranges = (a.ranges ?? [])
      .filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER')
      .map((r) => ({ type: r.type, events: r.events }))
    if (ranges.length === 0 && !a.versions?.length) continue
    row.entries.push({
      ...(a.versions?.length ? { versions: a.versions } : {}),
      ...(ranges.length > 0 ? { ranges } : {}),
    })
  }
  return [...byKey.values()].map((r) => ({ ...r, entries: JSON.stringify(r.entries) }))
}
