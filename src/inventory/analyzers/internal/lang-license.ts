import { isRecord, nonEmptyString } from './lang-text.js'

/**
 * Turns a declared license field into a list of license strings, as written by the package.
 * Accepts the shapes language manifests use: a string (`"MIT"`, an SPDX expression), an object
 * with `type` (npm's deprecated `{ "type": "MIT", "url": ... }`) and arrays of either (npm's
 * legacy `licenses`, composer's `license`). Empty values are dropped and duplicates removed.
 */
export function toLicenseList(value: unknown): string[] {
  const out: string[] = []
  const add = (v: unknown): void => {
    const s = nonEmptyString(v) ?? (isRecord(v) ? nonEmptyString(v['type']) : undefined)
    if (s !== undefined && !out.includes(s)) out.push(s)
  }
  if (Array.isArray(value)) {
    for (const v of value) add(v)
  } else {
    add(value)
  }
  return out
}
