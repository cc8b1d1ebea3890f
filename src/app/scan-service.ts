import type { Logger, ScanRecord, ScanReport } from '../core/index.js'
import { analyzers } from '../inventory/index.js'
import type { JobQueue } from '../jobs/index.js'
import { scanImage } from '../scan/index.js'
import type { Store } from '../store/index.js'
import type { SecretBox } from './secrets.js'

/** The job payload of a 'scan-image' job. */
export interface ScanImagePayload {
  readonly scanId: string
  readonly repository: string
  readonly digest: string
}

/** Where to pull an image from, with which credentials. */
export interface PullTarget {
  readonly reference: string
  readonly insecure: boolean
  readonly username?: string
  readonly password?: string
}

/** What the scan service needs from the running server. */
export interface ScanServiceDeps {
  readonly store: Store
  readonly queue: JobQueue
  readonly log: Logger
  readonly secrets: SecretBox
  readonly toolVersion: string
  /** host:port of the built-in registry as this process reaches it (known once listening). */
  readonly registryAddress: () => string
  /** The internal secret the scanner presents to the built-in registry. */
  readonly internalSecret: string
}

/** Counts findings by severity (the registry view's columns). */
export function countBySeverity(report: ScanReport): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const f of report.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1
  return counts
}

/** Finding ids new and fixed relative to the previous completed scan's report. */
export function diffFindings(current: ScanReport, previous: ScanReport | undefined): { newFindings: string[]; fixedFindings: string[] } {
  const now = new Set(current.findings.map((f) => f.id))
  const before = new Set((previous?.findings ?? []).map((f) => f.id))
  return {
    newFindings: [...now].filter((id) => !before.has(id)).sort(),
    fixedFindings: [...before].filter((id) => !now.has(id)).sort(),
  }
}

/**
 * Scan-on-push and rescans. Images of the built-in registry are pulled through the server's
 * own /v2/ with an internal secret (`docker://127.0.0.1:PORT/REPO@DIGEST`, plain HTTP), so
 * the scanner reads exactly what a client would, digest-verified by oci/.
 */
export function createScanService(deps: ScanServiceDeps): {
  queueScan(repository: string, digest: string): Promise<ScanRecord>
  handle(payload: unknown): Promise<void>
} {
  async function target(repository: string, digest: string): Promise<PullTarget> {
    const ext = (await deps.store.externalRegistries.list()).find((r) => repository.startsWith(`${r.host}/`))
    if (!ext) {
      return { reference: `docker://${deps.registryAddress()}/${repository}@${digest}`, insecure: true, username: 'bulwark', password: deps.internalSecret }
    }
    const sealed = await deps.store.externalRegistries.getCredentials(ext.id)
    const creds = sealed ? (JSON.parse(deps.secrets.decrypt(sealed)) as { username: string; password: string }) : undefined
    return { reference: `docker://${repository}@${digest}`, insecure: ext.insecure, ...(creds ?? {}) }
  }

  async function run(p: ScanImagePayload): Promise<void> {
    await deps.store.scans.markRunning(p.scanId)
    const t = await target(p.repository, p.digest)
    const { report } = await scanImage({
      reference: t.reference,
      open: { insecure: t.insecure, ...(t.username !== undefined ? { username: t.username, password: t.password ?? '' } : {}) },
      analyzers,
      log: deps.log.child({ component: 'scan', scanId: p.scanId }),
      toolVersion: deps.toolVersion,
    })
    const prev = await deps.store.scans.previousCompleted(p.repository, p.scanId)
    const prevText = prev ? await deps.store.scans.getReport(prev.id) : undefined
    const previous = prevText ? (JSON.parse(prevText) as ScanReport) : undefined
    await deps.store.scans.completeScan(p.scanId, {
      report: JSON.stringify(report),
      counts: countBySeverity(report),
      ...diffFindings(report, previous),
    })
    deps.log.info({ scanId: p.scanId, repository: p.repository, digest: p.digest, findings: report.findings.length }, 'scan done')
  }

  return {
    async queueScan(repository, digest) {
      const scan = await deps.store.scans.createScan(repository, digest)
      await deps.queue.enqueue('scan-image', { scanId: scan.id, repository, digest } satisfies ScanImagePayload)
      return scan
    },
    async handle(payload) {
      const p = payload as ScanImagePayload
      try {
        await run(p)
      } catch (err) {
        // A scan that cannot read the image is a result (failed), not a job to retry forever.
        await deps.store.scans.failScan(p.scanId, err instanceof Error ? err.message : String(err))
        deps.log.warn({ scanId: p.scanId, err }, 'scan failed')
      }
    },
  }
}
