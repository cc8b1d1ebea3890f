import { apkMatcher, debMatcher, rpmMatcher } from './os.js'
import {
  cargoMatcher,
  composerMatcher,
  gemMatcher,
  goMatcher,
  mavenMatcher,
  npmMatcher,
  nugetMatcher,
  pypiMatcher,
} from './language.js'
import type { Matcher } from './internal/define-matcher.js'

export type { Match, Matcher, PackageQuery, QueryEvaluator } from './internal/define-matcher.js'
export { defineMatcher, matchOsv, RunSchemes } from './internal/define-matcher.js'
export { evaluateAffected, evaluateRange } from './internal/osv-range.js'
export { osEcosystem } from './os.js'

/** The ONLY list of matchers (grype NewDefaultMatchers): one per package type. */
export const matchers = [
  debMatcher,
  apkMatcher,
  rpmMatcher,
  npmMatcher,
  pypiMatcher,
  goMatcher,
  mavenMatcher,
  cargoMatcher,
  gemMatcher,
  nugetMatcher,
  composerMatcher,
] as const satisfies readonly Matcher[]
