import type { AdvisoryAffected, AdvisoryEvent, AdvisoryRange } from '../../../core/index.js'
import type { VersionScheme } from '../../../versions/index.js'

// ref: https://ossf.github.io/osv-schema/#evaluation — the one place OSV ranges are evaluated.

/** The verdict for one affected entry and one installed version. */
export interface AffectedVerdict {
  readonly affected: boolean
  /** Fixed versions of the ranges that contain the installed version (the upgrade targets). */
  readonly fixed: readonly string[]
}

const NOT_AFFECTED: AffectedVerdict = { affected: false, fixed: [] }
const OUTSIDE: { readonly affected: false } = { affected: false }

/**
 * True when `version` falls in the affected entry: listed in `versions`, or inside one of its
 * ECOSYSTEM ranges (ordered by `scheme`) or SEMVER ranges (ordered by `semverScheme`, SemVer 2.0
 * as the schema says). GIT ranges name commits and never match a package version. A version the
 * range's scheme cannot order is not matched by that range (no guessing).
 */
export function evaluateAffected(
  entry: AdvisoryAffected,
  version: string,
  scheme: VersionScheme,
  semverScheme: VersionScheme = scheme,
): AffectedVerdict {
  let affected = entry.versions?.includes(version) ?? false
  let fixed: string[] | undefined
  for (const range of entry.ranges ?? []) {
    const s = range.type === 'ECOSYSTEM' ? scheme : range.type === 'SEMVER' ? semverScheme : undefined
    if (!s || !s.isValid(version)) continue
    const r = evaluateRange(range, version, s)
    if (!r.affected) continue
    affected = true
    if (r.fixed !== undefined && !fixed?.includes(r.fixed)) (fixed ??= []).push(r.fixed)
  }
  return affected ? { affected, fixed: fixed ?? [] } : NOT_AFFECTED
}

/**
 * Evaluates one range: events are sorted by version ("0" first) and walked; the last event at or
 * below the installed version decides (introduced: in, fixed: out, last_affected: out above it).
 * A `limit` caps the range: versions at or above every limit are outside.
 */
export function evaluateRange(
  range: AdvisoryRange,
  version: string,
  scheme: VersionScheme,
): { affected: boolean; fixed?: string } {
  if (atOrAboveLimits(range.events, version, scheme)) return OUTSIDE
  const events = sorted(range.events, scheme)
  let affected = false
  let index = -1
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as AdvisoryEvent
    const kind = kindOf(e) as Kind
    const v = e[kind] as string
    const c = v === '0' && kind === 'introduced' ? 1 : scheme.compare(version, v)
    if (kind === 'introduced' && c >= 0) affected = true
    else if (kind === 'fixed' && c >= 0) affected = false
    else if (kind === 'last_affected' && c > 0) affected = false
    else continue
    index = i
  }
  if (!affected) return OUTSIDE
  for (let i = index + 1; i < events.length; i++) {
    const e = events[i] as AdvisoryEvent
    if (kindOf(e) === 'fixed') return { affected, fixed: e.fixed as string }
  }
  return { affected }
}

type Kind = 'introduced' | 'fixed' | 'last_affected'

/** What an event marks (the first of the three keys it has); undefined for a limit. */
function kindOf(e: AdvisoryEvent): Kind | undefined {
  if (e.introduced !== undefined) return 'introduced'
  if (e.fixed !== undefined) return 'fixed'
  if (e.last_affected !== undefined) return 'last_affected'
  return undefined
}

/** True when the range has limits (other than "*") and `version` is at or above every one. */
function atOrAboveLimits(events: readonly AdvisoryEvent[], version: string, scheme: VersionScheme): boolean {
  let limited = false
  for (const e of events) {
    if (kindOf(e) !== undefined || e.limit === undefined || e.limit === '*') continue
    if (scheme.compare(version, e.limit) < 0) return false
    limited = true
  }
  return limited
}

/**
 * The range's introduced/fixed/last_affected events in version order: the list itself when it
 * holds only those and in order, as OSV writes them (nothing allocated). Not cached: checking
 * the order costs one comparison per event, less than a WeakMap entry does.
 */
function sorted(raw: readonly AdvisoryEvent[], scheme: VersionScheme): readonly AdvisoryEvent[] {
  const events = raw.every((e) => kindOf(e) !== undefined) ? raw : raw.filter((e) => kindOf(e) !== undefined)
  return inOrder(events, scheme) ? events : [...events].sort((a, b) => compareEvents(a, b, scheme))
}

/**
 * True when the (stable) sort would leave `events` as they are: each event compares >= 0 with
 * the one before it, the test V8's sort makes to find an ordered run.
 */
function inOrder(events: readonly AdvisoryEvent[], scheme: VersionScheme): boolean {
  for (let i = 1; i < events.length; i++) {
    if (compareEvents(events[i] as AdvisoryEvent, events[i - 1] as AdvisoryEvent, scheme) < 0) return false
  }
  return true
}

/** Version order, "introduced 0" first; at one version an introduced event opens before others close. */
function compareEvents(a: AdvisoryEvent, b: AdvisoryEvent, scheme: VersionScheme): number {
  const ka = kindOf(a) as Kind
  const kb = kindOf(b) as Kind
  const zeroA = ka === 'introduced' && a.introduced === '0'
  const zeroB = kb === 'introduced' && b.introduced === '0'
  if (zeroA || zeroB) return zeroA === zeroB ? 0 : zeroA ? -1 : 1
  const c = scheme.compare(a[ka] as string, b[kb] as string)
  if (c !== 0) return c
  // At one version an introduced event opens before a fixed one closes.
  return ka === kb ? 0 : ka === 'introduced' ? -1 : 1
}
