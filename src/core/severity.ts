/** Severities from lowest to highest; `unknown` sorts below `low`. */
export const SEVERITIES = ['unknown', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Orders severities: -1, 0 or 1. */
export function compareSeverity(a: Severity, b: Severity): -1 | 0 | 1 {
  const d = SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b)
  return d < 0 ? -1 : d > 0 ? 1 : 0
}

/** Parses a severity name case-insensitively (also `moderate` -> medium, `important` -> high). */
export function parseSeverity(text: string): Severity | undefined {
  const t = text.trim().toLowerCase()
  if ((SEVERITIES as readonly string[]).includes(t)) return t as Severity
  if (t === 'moderate') return 'medium'
  if (t === 'important') return 'high'
  if (t === 'negligible' || t === 'info' || t === 'informational' || t === 'none') return 'low'
  return undefined
}

/** True when `s` is at or above `threshold`. */
export function isAtLeast(s: Severity, threshold: Severity): boolean {
  return compareSeverity(s, threshold) >= 0
}
