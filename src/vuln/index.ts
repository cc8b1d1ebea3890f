export { matchPackages, type MatchOptions } from './match-packages.js'
export { groupMatches, type MatchGroup } from './aliases.js'
export { scoreCvss, severityFromScore, severityOf, type CvssScore, type SeverityVerdict } from './severity.js'
export {
  OsvAffected,
  OsvEvent,
  OsvRange,
  OsvRecord,
  OsvSeverity,
  parseOsvRecord,
  type ParsedOsv,
} from './osv/schema.js'
export {
  importOsv,
  sourceName,
  toOsvSource,
  type ImportOptions,
  type ImportProblem,
  type ImportReport,
  type OsvSource,
} from './import/import-osv.js'
export {
  osvEcosystemUrls,
  updateDatabase,
  type FailedSource,
  type UpdateDatabaseOptions,
  type UpdateReport,
} from './import/update-database.js'
export { fetchArchive, type FetchOptions, type FetchResult } from './import/fetch-archive.js'
export {
  defineMatcher,
  evaluateAffected,
  evaluateRange,
  matchers,
  matchOsv,
  osEcosystem,
  type Match,
  type Matcher,
  type PackageQuery,
} from './matchers/index.js'
