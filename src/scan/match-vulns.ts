import type { AdvisoryStore, ScanReport } from '../core/index.js'
import { matchPackages } from '../vuln/index.js'

/** Options of the vulnerability stage. */
export interface VulnStageOptions {
  /** Warn when the database's last update is older than this many days (default 7). */
  readonly maxAgeDays?: number
  readonly now?: () => Date
}

const DAY_MS = 86_400_000

/** A warning when the database was last updated longer ago than `maxAgeDays`, or never. */
export function staleDatabaseWarning(updatedAt: string | undefined, maxAgeDays: number, now: Date): string | undefined {
  if (!updatedAt) return 'the advisory database has never been updated: run `bulwark db update`'
  const age = (now.getTime() - Date.parse(updatedAt)) / DAY_MS
  if (!(age > maxAgeDays)) return undefined
  return `the advisory database is ${Math.floor(age)} days old (last update ${updatedAt}); run \`bulwark db update\``
}

/**
 * The vulnerability stage of a scan: matches the report's packages against the advisory store
 * (received as a port; the caller opens and closes it) and appends the findings, plus a
 * warning when the database is stale. OS packages are matched only against their release's
 * advisories and language packages owned by OS packages are not matched twice (vuln/).
 */
export async function addVulnerabilities(
  report: ScanReport,
  store: AdvisoryStore,
  options: VulnStageOptions = {},
): Promise<ScanReport> {
  const now = options.now?.() ?? new Date()
  const meta = await store.metadata()
  const stale = staleDatabaseWarning(meta.updatedAt, options.maxAgeDays ?? 7, now)
  const digest = report.artifact.manifestDigest ?? report.artifact.configDigest
  const findings = await matchPackages(report.packages, report.os, store, digest ? { imageDigest: digest } : {})
  return {
    ...report,
    findings: [...report.findings, ...findings],
    warnings: stale ? [...report.warnings, stale] : report.warnings,
  }
}
