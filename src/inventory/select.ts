import { UserError } from '../core/index.js'
import type { Analyzer } from './analyzer.js'

/**
 * Picks analyzers by id or tag (`--analyzers dpkg,npm` or `--analyzers os`); empty picks all.
 * Unknown names are a usage error naming what exists.
 */
export function selectAnalyzers(all: readonly Analyzer[], names: readonly string[]): Analyzer[] {
  if (names.length === 0) return [...all]
  const picked = new Set<Analyzer>()
  for (const n of names) {
    const hits = all.filter((a) => a.id === n || (a.tags as readonly string[]).includes(n))
    if (hits.length === 0) {
      throw new UserError('ARG_INVALID', `unknown analyzer "${n}"; known: ${all.map((a) => a.id).join(', ')}`)
    }
    for (const h of hits) picked.add(h)
  }
  return [...picked]
}
