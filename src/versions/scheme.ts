/** A version scheme: one per ecosystem (grype version/*, ARCHITECTURE.md versions/). */
export interface VersionScheme {
  /** Scheme id: dpkg, apk, rpm, semver, npm, pep440, maven, go, gem, nuget. */
  readonly id: string
  /** True when `v` is a version this scheme can order. */
  isValid(v: string): boolean
  /** Orders two versions; invalid input sorts by plain string comparison as a last resort. */
  compare(a: string, b: string): -1 | 0 | 1
  /**
   * Optional: a scheme that answers exactly as this one and parses each distinct version once,
   * for one batch of comparisons (a vulnerability scan compares one installed version with many
   * range events, and the same events for many packages). It holds what it parsed: drop it after.
   */
  memoized?(): VersionScheme
}
