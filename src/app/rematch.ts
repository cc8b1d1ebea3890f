import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, ScanReport } from '../core/index.js'
import type { JobQueue } from '../jobs/index.js'
import type { Store } from '../store/index.js'
import { countBySeverity, diffFindings, lastLines, parseReport, ScanInterrupted, withScanDir, type ScannerProcesses } from './scan-service.js'

/** The job payload of a 'rematch-scan' job: match `sourceScanId`'s report again. */
export interface RematchPayload {
  readonly sourceScanId: string
  readonly repository: string
  readonly digest: string
}

/**
 * Re-matching: when the advisory database changes, every image's latest completed scan is
 * matched again (`bulwark sbom-scan REPORT.json`: same inventory and other findings, today's
 * advisories), so the registry view shows vulnerabilities published since the image was pushed
 * without reading any layer again. Only a match that differs (new or fixed findings, other
 * counts) is stored, as a new completed scan of that image whose new and fixed findings are
 * relative to the scan matched again: a daily database update does not copy every report daily.
 */
export function createRematcher(deps: {
  readonly store: Store
  readonly queue: JobQueue
  readonly log: Logger
  readonly dataDir: string
  readonly advisoryDb: string
  readonly scanners: ScannerProcesses
}): {
  /**
   * Queues a re-match of every image's latest completed scan (of images still stored); returns
   * how many. None without an advisory database.
   */
  rematchAll(): Promise<number>
  /** True when the advisory database file changed since the last call (the first call only looks). */
  databaseChanged(): Promise<boolean>
  /**
   * True when the advisory database is newer than every stored scan: it was updated while the
   * server was down (or since the last scans), so the latest scans are worth matching again.
   */
  newerThanScans(): Promise<boolean>
  handle(payload: unknown): Promise<void>
} {
  let seen: string | undefined

  async function run(p: RematchPayload): Promise<void> {
    if (!(await stat(deps.advisoryDb).catch(() => undefined))) return // removed since: nothing to match against
    const text = await deps.store.scans.getReport(p.sourceScanId)
    if (text === undefined) throw new Error(`scan ${p.sourceScanId} has no report to match again`)
    const log = deps.log.child({ component: 'rematch', sourceScanId: p.sourceScanId })
    const report = await withScanDir(deps.dataDir, async (dir) => {
      const file = join(dir, 'report.json')
      await writeFile(file, text, { mode: 0o600 })
      const out = await deps.scanners.run(
        ['--log-level', 'warn', 'sbom-scan', '--format', 'json', '--quiet', '--db', deps.advisoryDb, '--', file],
        (stderr) => log.warn({ stderr: lastLines(stderr, 20) }, 'scanner warnings'),
      )
      return parseReport(out)
    })
    const source = JSON.parse(text) as ScanReport
    const diff = diffFindings(report, source)
    const counts = countBySeverity(report)
    const before = countBySeverity(source)
    const sameCounts = Object.keys({ ...counts, ...before }).every((k) => counts[k] === before[k])
    if (diff.newFindings.length === 0 && diff.fixedFindings.length === 0 && sameCounts) return
    const scan = await deps.store.scans.createScan(p.repository, p.digest)
    await deps.store.scans.markRunning(scan.id)
    await deps.store.scans.completeScan(scan.id, { report: JSON.stringify(report), counts, ...diff })
    deps.log.info({ scanId: scan.id, repository: p.repository, digest: p.digest, newFindings: diff.newFindings.length, fixedFindings: diff.fixedFindings.length }, 'scan matched again')
  }

  return {
    async rematchAll() {
      // without a database a match would find nothing and call every vulnerability fixed
      if (!(await stat(deps.advisoryDb).catch(() => undefined))) return 0
      const external = (await deps.store.externalRegistries.list()).map((r) => `${r.host}/`)
      let queued = 0
      for (const s of await deps.store.scans.latestCompleted()) {
        // an image deleted from the built-in registry keeps its scans, but is not matched again
        const stored = external.some((h) => s.repository.startsWith(h)) || (await deps.store.registry.getManifest(s.repository, s.digest))
        if (!stored) continue
        const payload: RematchPayload = { sourceScanId: s.id, repository: s.repository, digest: s.digest }
        await deps.queue.enqueue('rematch-scan', payload)
        queued++
      }
      return queued
    },
    async databaseChanged() {
      const st = await stat(deps.advisoryDb).catch(() => undefined)
      const now = st ? `${st.ino}:${st.size}:${st.mtimeMs}` : 'none'
      const changed = seen !== undefined && now !== seen && now !== 'none'
      seen = now
      return changed
    },
    async newerThanScans() {
      const st = await stat(deps.advisoryDb).catch(() => undefined)
      if (!st) return false
      const latest = await deps.store.scans.latestCompleted()
      if (latest.length === 0) return false
      const newest = Math.max(...latest.map((s) => Date.parse(s.finishedAt ?? s.queuedAt)))
      return st.mtimeMs > newest
    },
    async handle(payload) {
      const p = payload as RematchPayload
      try {
        await run(p)
      } catch (err) {
        // interrupted by shutdown: tried again after the restart; otherwise the scan stays as it was
        if (err instanceof ScanInterrupted) throw err
        deps.log.warn({ sourceScanId: p.sourceScanId, err }, 'matching a scan again failed')
      }
    },
  }
}
