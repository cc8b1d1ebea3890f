/** A version scheme: one per ecosystem (grype version/*, ARCHITECTURE.md versions/). */
export interface VersionScheme {
  /** Scheme id: dpkg, apk, rpm, semver, npm, pep440, maven, go, gem, nuget. */
  readonly id: string
  /** True when `v` is a version this scheme can order. */
  isValid(v: string): boolean
  /** Orders two versions; invalid input sorts by plain string comparison as a last resort. */
  compare(a: string, b: string): -1 | 0 | 1
}
