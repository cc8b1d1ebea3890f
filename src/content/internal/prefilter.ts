import { MALWARE_RULES } from '../malware/rules.js'
import { SECRET_RULES } from '../secrets/rules.js'
import { createKeywordMatcher } from './keywords.js'

/** The literal keywords of every text rule, found in one pass per body and shared by the scanners. */
export interface Prefilter {
  present(body: Buffer): ReadonlySet<string>
}

/**
 * Builds the prefilter for one scan: one automaton over every secret and malware keyword, and a
 * per-body memo (the scanners share the same Buffer for a file, so the body is searched once).
 */
export function createPrefilter(): Prefilter {
  const keywords = [
    ...SECRET_RULES.flatMap((r) => [...r.keywords, ...(r.context ?? [])]),
    ...MALWARE_RULES.filter((r) => r.scope === 'text').flatMap((r) => [...r.keywords, ...(r.alsoAny ?? [])]),
  ]
  const matcher = createKeywordMatcher(keywords)
  const memo = new WeakMap<Buffer, ReadonlySet<string>>()
  return {
    present(body) {
      let found = memo.get(body)
      if (!found) {
        found = matcher.find(body)
        memo.set(body, found)
      }
      return found
    },
  }
}
