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

interface SortedEvent {
  readonly kind: 'introduced' | 'fixed' | 'last_affected'
  readonly version: string
}

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
  const { events, limits } = compile(range, scheme)
  if (limits.length > 0 && limits.every((l) => scheme.compare(version, l) >= 0)) return OUTSIDE
  let affected = false
  let index = -1
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as SortedEvent
    const c = e.version === '0' && e.kind === 'introduced' ? 1 : scheme.compare(version, e.version)
    if (e.kind === 'introduced' && c >= 0) affected = true
    else if (e.kind === 'fixed' && c >= 0) affected = false
    else if (e.kind === 'last_affected' && c > 0) affected = false
    else continue
    index = i
  }
  if (!affected) return OUTSIDE
  for (let i = index + 1; i < events.length; i++) {
    const e = events[i] as SortedEvent
    if (e.kind === 'fixed') return { affected, fixed: e.version }
  }
  return { affected }
}

interface CompiledRange {
  readonly events: readonly SortedEvent[]
  readonly limits: readonly string[]
}

const NO_LIMITS: readonly string[] = []

/**
 * The range's events in version order and its limits. Not cached: OSV lists events in order
 * already, and checking that costs one comparison per event, less than a WeakMap entry does.
 */
function compile(range: AdvisoryRange, scheme: VersionScheme): CompiledRange {
  let limits: string[] | undefined
  const events: SortedEvent[] = []
  for (const e of range.events) {
    const s = toSorted(e)
    if (s) events.push(s)
    else if (e.limit !== undefined && e.limit !== '*') (limits ??= []).push(e.limit)
  }
  if (!inOrder(events, scheme)) events.sort((a, b) => compareEvents(a, b, scheme))
  return { events, limits: limits ?? NO_LIMITS }
}

/**
 * True when the (stable) sort would leave `events` as they are: each event compares >= 0 with
 * the one before it, the test V8's sort makes to find an ordered run (and nothing it allocates).
 */
function inOrder(events: readonly SortedEvent[], scheme: VersionScheme): boolean {
  for (let i = 1; i < events.length; i++) {
    if (compareEvents(events[i] as SortedEvent, events[i - 1] as SortedEvent, scheme) < 0) return false
  }
  return true
}

function toSorted(e: AdvisoryEvent): SortedEvent | undefined {
  if (e.introduced !== undefined) return { kind: 'introduced', version: e.introduced }
  if (e.fixed !== undefined) return { kind: 'fixed', version: e.fixed }
  if (e.last_affected !== undefined) return { kind: 'last_affected', version: e.last_affected }
  return undefined
}

function compareEvents(a: SortedEvent, b: SortedEvent, scheme: VersionScheme): number {
  const zeroA = a.kind === 'introduced' && a.version === '0'
  const zeroB = b.kind === 'introduced' && b.version === '0'
  if (zeroA || zeroB) return zeroA === zeroB ? 0 : zeroA ? -1 : 1
  const c = scheme.compare(a.version, b.version)
  if (c !== 0) return c
  // At one version an introduced event opens before a fixed one closes.
  return a.kind === b.kind ? 0 : a.kind === 'introduced' ? -1 : 1
}
