/**
 * Version ordering, one scheme per ecosystem. Each scheme's `compare` never throws: input the
 * scheme cannot parse is ordered by plain string comparison, as documented on each scheme.
 */
export type { VersionScheme } from './scheme.js'
export { apk } from './apk.js'
export { composer } from './composer.js'
export { dpkg } from './dpkg.js'
export { gem } from './gem.js'
export { go } from './go.js'
export { maven } from './maven.js'
export { npm, satisfies as satisfiesNpmRange } from './npm.js'
export type { SatisfiesOptions } from './npm.js'
export { nuget } from './nuget.js'
export { pep440 } from './pep440.js'
export { rpm } from './rpm.js'
export { semver } from './semver.js'
export { SCHEMES, schemeForEcosystem, schemeForPackageType } from './ecosystem.js'
