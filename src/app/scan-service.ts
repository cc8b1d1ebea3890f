import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { setPriority } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Logger, ScanRecord, ScanReport } from '../core/index.js'
import type { JobQueue } from '../jobs/index.js'
import type { Store } from '../store/index.js'
import { asRegistryImage, layOutStoredImage, type BlobFile } from './scan-layout.js'
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
  /** The registry host of `reference` (the auth file's key). */
  readonly registry: string
  readonly insecure: boolean
  readonly username?: string
  readonly password?: string
  /** The image is in the built-in registry: `repository` there (for the report) and its digest. */
  readonly stored?: { readonly repository: string; readonly digest: string }
}

/** What the scan service needs from the running server. */
export interface ScanServiceDeps {
  readonly store: Store
  readonly queue: JobQueue
  readonly log: Logger
  readonly secrets: SecretBox
  /** The data directory: each scan's private auth file lives in a 0700 temp dir there. */
  readonly dataDir: string
  /** host:port of the built-in registry as this process reaches it (known once listening). */
  readonly registryAddress: () => string
  /** The internal secret the scanner presents to the built-in registry. */
  readonly internalSecret: string
  /** A scanner process running longer is killed and its scan fails (default 30 min). */
  readonly timeoutMs?: number
  /** The scanner command after `node` (default: this build's CLI, see scannerCommand). */
  readonly command?: readonly string[]
  /**
   * The built-in registry's blob files: with them, images pushed there are scanned from disk
   * (see scan-layout.ts); without them, they are pulled through /v2/ like external ones.
   */
  readonly blobFile?: BlobFile
}

export const DEFAULT_SCAN_TIMEOUT_MS = 30 * 60_000
/** The largest report a scanner may print (the in-process scan had no bound but memory). */
const MAX_REPORT_BYTES = 256 * 1024 ** 2
/** How much of a scanner's stderr is kept: the failure reason and warnings come from its end. */
const STDERR_TAIL_CHARS = 16 * 1024
/** Scanner processes run at this nice level so the server's requests win the CPU. */
const SCANNER_NICENESS = 10

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
 * The arguments after `node` that run this build's CLI. From the TypeScript sources (tests,
 * `npm run bulwark`) that is src/cli/main.ts through tsx, so a scan never runs a dist/ older
 * than the server; from a build (dist/bundle or dist/<module>) it is bin/bulwark.cjs, which
 * picks that build.
 */
export function scannerCommand(moduleUrl: string = import.meta.url): string[] {
  if (moduleUrl.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href
    return ['--import', tsx, fileURLToPath(new URL('../cli/main.ts', moduleUrl))]
  }
  return [fileURLToPath(new URL('../../bin/bulwark.cjs', moduleUrl))]
}

/** A scan stopped because the server is stopping: its job is retried, the scan is not failed. */
export class ScanInterrupted extends Error {}

/** The last few non-empty lines of a process's stderr, as a failure reason. */
export function lastLines(text: string, n = 5): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter(Boolean)
  return lines.slice(-n).join('\n').slice(-2000)
}

/** Scanner child processes: started at low priority, bounded in time and output, killed on close. */
export interface ScannerProcesses {
  /** Runs `node COMMAND... ARGS...`; resolves to stdout, rejects with the stderr tail on a non-zero exit. */
  run(args: readonly string[], onStderr?: (tail: string) => void): Promise<string>
  /** Kills every running scanner (they reject with ScanInterrupted) and refuses new ones. */
  close(): void
}

export function scannerProcesses(opts: { command: readonly string[]; timeoutMs: number }): ScannerProcesses {
  const running = new Map<ChildProcess, () => void>()
  let closed = false
  return {
    run(args, onStderr) {
      if (closed) return Promise.reject(new ScanInterrupted('the server is stopping'))
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...opts.command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        let stopped: Error | undefined
        const kill = (why: Error): void => {
          stopped ??= why
          child.kill('SIGKILL')
        }
        running.set(child, () => kill(new ScanInterrupted('the server is stopping')))
        // Lower priority right away: a niced scanner leaves the CPU to the server's requests.
        if (child.pid !== undefined) {
          try {
            setPriority(child.pid, SCANNER_NICENESS)
          } catch {
            // Not permitted here (some containers): the scan still runs, at normal priority.
          }
        }
        const timer = setTimeout(() => kill(new Error(`scan timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs)
        const out: Buffer[] = []
        let outBytes = 0
        let err = ''
        child.stdout.on('data', (b: Buffer) => {
          outBytes += b.length
          if (outBytes > MAX_REPORT_BYTES) kill(new Error(`the scanner's report is larger than ${MAX_REPORT_BYTES} bytes`))
          else out.push(b)
        })
        child.stderr.setEncoding('utf8')
        child.stderr.on('data', (s: string) => {
          err = (err + s).slice(-STDERR_TAIL_CHARS)
        })
        // A spawn failure emits 'error' and then 'close' (with no code): 'close' settles either way.
        child.on('error', (e) => {
          stopped ??= e
        })
        child.on('close', (code, signal) => {
          clearTimeout(timer)
          running.delete(child)
          if (stopped) return reject(stopped)
          if (code !== 0) return reject(new Error(lastLines(err) || `the scanner exited with ${code ?? signal ?? 'no code'}`))
          if (err !== '') onStderr?.(err)
          resolve(Buffer.concat(out).toString('utf8'))
        })
      })
    },
    close() {
      closed = true
      for (const interrupt of running.values()) interrupt()
    },
  }
}

/** Runs `fn` in a fresh private folder under the data dir (`.scan-*`), removed afterwards. */
export async function withScanDir<T>(dataDir: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(dataDir, '.scan-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Removes scan folders (auth files) left by a server that was killed mid-scan. Only folders older
 * than a scan may run are removed: another server sharing the data directory may be scanning.
 */
export async function sweepScanDirs(dataDir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0
  const names = await readdir(dataDir).catch(() => [] as string[])
  for (const name of names.filter((n) => n.startsWith('.scan-'))) {
    const dir = join(dataDir, name)
    const st = await stat(dir).catch(() => undefined)
    if (!st?.isDirectory() || now - st.mtimeMs <= olderThanMs) continue
    await rm(dir, { recursive: true, force: true })
    removed++
  }
  return removed
}

/** The report a scanner printed, checked at this boundary. */
/** A scanner's stdout as a report (a scanner that printed something else failed). */
export function parseReport(text: string): ScanReport {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new Error('the scanner printed no JSON report', { cause: err })
  }
  const r = doc as Partial<ScanReport> | null
  if (!r || typeof r !== 'object' || !Array.isArray(r.findings) || !Array.isArray(r.packages)) {
    throw new Error('the scanner printed something other than a scan report')
  }
  return r as ScanReport
}

/**
 * Scan-on-push and rescans. Each scan is `bulwark image scan REFERENCE --format json` (packages,
 * vulnerabilities from DATA/advisories.db, secrets, malware, image configuration) in a child
 * process at lower priority, so gunzip, hashing and the analyzers never hold the server's event
 * loop. Images of the built-in registry are read from its blob store, laid out as an OCI layout
 * of links in a temp dir (scan-layout.ts), so the server does not serve its own scanner; the
 * scanner verifies every digest as for any source, and the report names the image as
 * `docker://127.0.0.1:PORT/REPO@DIGEST`. When that cannot be done (no blob files given, a blob
 * missing), and for external registries, the scanner pulls: from the server's own /v2/ with an
 * internal secret, or from the external registry. Credentials reach the child in an auth file
 * (0600 in a 0700 temp dir under the data dir, removed after the scan), never in argv or env.
 */
export function createScanService(deps: ScanServiceDeps): {
  queueScan(repository: string, digest: string): Promise<ScanRecord>
  handle(payload: unknown): Promise<void>
  /** The scan-image job failed for good (interrupted on its last attempt): the scan fails with its reason. */
  gaveUp(payload: unknown, message: string): Promise<void>
  /** Kills running scanners (their jobs are retried later); call before closing the server. */
  close(): void
  /** The scanner processes (shared with re-matching). */
  readonly processes: ScannerProcesses
} {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS
  const advisoryDb = join(deps.dataDir, 'advisories.db')
  const scanners = scannerProcesses({ command: deps.command ?? scannerCommand(), timeoutMs })
  // Credentials a killed server left behind; a minute past the timeout, no scanner can still use them.
  void sweepScanDirs(deps.dataDir, timeoutMs + 60_000).catch(() => undefined)

  async function target(repository: string, digest: string): Promise<PullTarget> {
    const ext = (await deps.store.externalRegistries.list()).find((r) => repository.startsWith(`${r.host}/`))
    if (!ext) {
      const registry = deps.registryAddress()
      return {
        reference: `docker://${registry}/${repository}@${digest}`, registry, insecure: true, username: 'bulwark', password: deps.internalSecret,
        stored: { repository: `${registry}/${repository}`, digest },
      }
    }
    const sealed = await deps.store.externalRegistries.getCredentials(ext.id)
    const creds = sealed ? (JSON.parse(deps.secrets.decrypt(sealed)) as { username: string; password: string }) : undefined
    return { reference: `docker://${repository}@${digest}`, registry: ext.host, insecure: ext.insecure, ...(creds ?? {}) }
  }

  function scan(t: PullTarget, log: Logger): Promise<ScanReport> {
    return withScanDir(deps.dataDir, async (dir) => {
      // the whole image scan: packages, vulnerabilities from the data dir's advisory database
      // (without one the scanner notes it and reports the inventory), secrets, malware, config
      const args = ['--log-level', 'warn', 'image', 'scan', '--format', 'json', '--quiet', '--no-cache', '--db', advisoryDb]
      const onStderr = (stderr: string): void => log.warn({ stderr: lastLines(stderr, 20) }, 'scanner warnings')
      const layout = t.stored && deps.blobFile ? await layOutStoredImage(join(dir, 'layout'), t.stored.digest, deps.blobFile) : undefined
      if (layout && t.stored) {
        const report = parseReport(await scanners.run([...args, '--', layout], onStderr))
        return asRegistryImage(report, t.reference, t.stored.repository)
      }
      // Always an explicit auth file: no credentials means anonymous, as in-process scans were,
      // never the server user's ~/.docker/config.json.
      const authFile = join(dir, 'auth.json')
      const auths = t.username !== undefined ? { [t.registry]: { username: t.username, password: t.password ?? '' } } : {}
      await writeFile(authFile, JSON.stringify({ auths }), { mode: 0o600 })
      args.push('--authfile', authFile)
      if (t.insecure) args.push('--insecure')
      return parseReport(await scanners.run([...args, '--', t.reference], onStderr))
    })
  }

  async function run(p: ScanImagePayload): Promise<void> {
    await deps.store.scans.markRunning(p.scanId)
    const t = await target(p.repository, p.digest)
    const report = await scan(t, deps.log.child({ component: 'scan', scanId: p.scanId }))
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
        // Stopped by shutdown: the job fails this attempt and runs again after the restart.
        if (err instanceof ScanInterrupted) throw err
        // A scan that cannot read the image is a result (failed), not a job to retry forever.
        await deps.store.scans.failScan(p.scanId, err instanceof Error ? err.message : String(err))
        deps.log.warn({ scanId: p.scanId, err }, 'scan failed')
      }
    },
    async gaveUp(payload, message) {
      const p = payload as ScanImagePayload
      await deps.store.scans.failScan(p.scanId, `the scan job gave up: ${message}`)
    },
    close: scanners.close,
    processes: scanners,
  }
}
