import type { Match } from './matchers/index.js'

/** One vulnerability of one package: the records that describe it, under one chosen id. */
export interface MatchGroup {
  /** The finding id: a CVE when any record names one, else a GHSA, else the smallest id. */
  readonly id: string
  /** Every other id of the records (aliases and upstream ids; `related` is not an alias). */
  readonly aliases: readonly string[]
  readonly matches: readonly Match[]
}

function idsOf(m: Match): string[] {
  const a = m.advisory
  return [a.id, ...(a.aliases ?? []), ...(a.upstream ?? [])]
}

const isCve = (id: string): boolean => id.startsWith('CVE-')

/** True when the ids hold two different CVEs (an umbrella record). */
function namesSeveralCves(ids: readonly string[]): boolean {
  let cve: string | undefined
  for (const id of ids) {
    if (!isCve(id)) continue
    if (cve === undefined) cve = id
    else if (id !== cve) return true
  }
  return false
}

/**
 * Merges the records of one package into vulnerabilities. Records sharing any id through
 * `aliases` or `upstream` (GHSA <-> CVE, DEBIAN-CVE-X -> CVE-X) are one vulnerability. A record
 * naming several CVEs (a DSA or DLA fixing many) is an umbrella: it joins each of its CVEs'
 * groups (one finding per CVE, the DSA listed as an alias) rather than merging them together.
 */
export function groupMatches(matches: readonly Match[]): MatchGroup[] {
  if (matches.length === 0) return []
  const only = matches.length === 1 ? matches[0] : undefined
  if (only) {
    // One record naming at most one CVE is one vulnerability: what the general path gives.
    const ids = idsOf(only)
    if (!namesSeveralCves(ids)) return [named(sortStrings(withoutRepeats(ids)), [only])]
  }
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let r = x
    while (parent.get(r) !== r) r = parent.get(r) ?? r
    parent.set(x, r)
    return r
  }
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a)
    if (!parent.has(b)) parent.set(b, b)
    parent.set(find(a), find(b))
  }
  const singles: Match[] = []
  const umbrellas: Match[] = []
  for (const m of matches) {
    const ids = idsOf(m)
    if (namesSeveralCves(ids)) {
      umbrellas.push(m)
      continue
    }
    singles.push(m)
    for (const id of ids) union(m.advisory.id, id)
  }
  const groups = new Map<string, { ids: Set<string>; matches: Match[] }>()
  const groupOf = (root: string): { ids: Set<string>; matches: Match[] } => {
    let g = groups.get(root)
    if (!g) groups.set(root, (g = { ids: new Set(), matches: [] }))
    return g
  }
  for (const m of singles) {
    const g = groupOf(find(m.advisory.id))
    for (const id of idsOf(m)) g.ids.add(id)
    g.matches.push(m)
  }
  for (const m of umbrellas) {
    for (const cve of new Set(idsOf(m).filter(isCve))) {
      if (!parent.has(cve)) parent.set(cve, cve)
      const g = groupOf(find(cve))
      g.ids.add(cve).add(m.advisory.id)
      g.matches.push(m)
    }
  }
  return [...groups.values()].map(toGroup).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function toGroup(g: { ids: Set<string>; matches: Match[] }): MatchGroup {
  return named(sortStrings([...g.ids]), g.matches)
}

/** The group of `ids` (sorted, distinct) and its records, under its chosen id. */
function named(ids: readonly string[], matches: Match[]): MatchGroup {
  const id =
    ids.find(isCve) ??
    ids.find((i) => i.startsWith('GHSA-')) ??
    matches.map((m) => m.advisory.id).sort()[0] ??
    ids[0] ??
    ''
  return { id, aliases: ids.filter((i) => i !== id), matches }
}

/** `ids` without later repeats, in place (a record's few ids; what a Set would keep). */
function withoutRepeats(ids: string[]): string[] {
  let n = 0
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string
    let seen = false
    for (let j = 0; j < n && !seen; j++) seen = ids[j] === id
    if (!seen) ids[n++] = id
  }
  ids.length = n
  return ids
}

/** `list.sort()` for strings; short lists by insertion (no allocation), same order. */
function sortStrings(list: string[]): string[] {
  if (list.length > 8) return list.sort()
  for (let i = 1; i < list.length; i++) {
    const v = list[i] as string
    let j = i - 1
    for (; j >= 0 && (list[j] as string) > v; j--) list[j + 1] = list[j] as string
    list[j + 1] = v
  }
  return list
}
