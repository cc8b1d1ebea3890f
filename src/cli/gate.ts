import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  AdvisoryError,
  isAtLeast,
  parseSeverity,
  UserError,
  type ScanReport,
  type Severity,
} from '../core/index.js'
import type { IgnoreRule, VexStatement } from '../scan/index.js'
import { GateFailed } from './exit-codes.js'
import type { CliIo } from './io.js'

/** The vulnerability flags of `image` and `sbom-scan`. */
export interface VulnFlags {
  readonly db?: string
  readonly dbMaxAge?: string
  readonly severity?: string
  readonly ignoreUnfixed?: boolean
  readonly failOn?: string
  readonly ignorefile?: string
  readonly vex?: readonly string[]
}

/** Validated vulnerability options: every file read and checked before the scan starts. */
export interface VulnOptions {
  readonly severities?: readonly Severity[]
  readonly ignoreUnfixed: boolean
  readonly failOn?: Severity
  readonly maxAgeDays: number
  readonly ignore: readonly IgnoreRule[]
  readonly vex: readonly VexStatement[]
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v]

/** Adds the vulnerability flags to a command. */
export function withVulnFlags(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'advisory database (default: <data-dir>/advisories.db)')
    .option('--db-max-age <days>', 'warn when the advisory database is older than this', '7')
    .option('--severity <list>', 'only these severities: unknown,low,medium,high,critical')
    .option('--ignore-unfixed', 'hide vulnerabilities without a known fix')
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this severity')
    .option('--ignorefile <file>', 'ignore rules: YAML, or .trivyignore-style lines (ID [PURL] [exp:DATE] [# reason])')
    .option('--vex <file>', 'OpenVEX or CycloneDX VEX document (repeatable)', collect)
}

function severityArg(flag: string, text: string): Severity {
  const s = parseSeverity(text)
  if (!s) throw new UserError('ARG_INVALID', `${flag}: "${text}" is not a severity (unknown, low, medium, high, critical)`)
  return s
}

async function readInput(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError('INPUT_INVALID', `${flag} ${path}: ${(err as Error).message}`, { cause: err })
  }
}

/** Parses and checks the vulnerability flags, reading the ignore file and VEX documents. */
export async function parseVulnFlags(flags: VulnFlags): Promise<VulnOptions> {
  const { parseIgnoreFile, parseVex } = await import('../scan/index.js')
  const list = (flags.severity ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const maxAgeDays = Number(flags.dbMaxAge ?? '7')
  if (!Number.isFinite(maxAgeDays) || maxAgeDays < 0) {
    throw new UserError('ARG_INVALID', `--db-max-age: "${flags.dbMaxAge}" is not a number of days`)
  }
  const ignore = flags.ignorefile ? parseIgnoreFile(await readInput('--ignorefile', flags.ignorefile), flags.ignorefile) : []
  const vex: VexStatement[] = []
  for (const f of flags.vex ?? []) vex.push(...parseVex(await readInput('--vex', f), f))
  return {
    ...(list.length > 0 ? { severities: list.map((s) => severityArg('--severity', s)) } : {}),
    ignoreUnfixed: flags.ignoreUnfixed === true,
    ...(flags.failOn ? { failOn: severityArg('--fail-on', flags.failOn) } : {}),
    maxAgeDays,
    ignore,
    vex,
  }
}

/** The advisory database path: --db, else `<dataDir>/advisories.db`. */
export function advisoryDbPath(flags: { db?: string }, dataDir: string): string {
  return flags.db ?? join(dataDir, 'advisories.db')
}

/**
 * Runs the vulnerability stage with the database at `dbPath`, then suppression and filters.
 * Without a database the inventory is returned unchanged with a note on stderr (exit 0): the
 * scan never fails for lack of advisories. A damaged database is a usage error (exit 2).
 */
export async function withVulnerabilities(
  report: ScanReport,
  dbPath: string,
  opts: VulnOptions,
  io: CliIo,
): Promise<ScanReport> {
  const { openSqliteAdvisoryStore } = await import('../store/advisory/index.js')
  const { addVulnerabilities, filterFindings } = await import('../scan/index.js')
  let scanned = report
  try {
    const store = openSqliteAdvisoryStore(dbPath, { readonly: true })
    try {
      scanned = await addVulnerabilities(report, store, { maxAgeDays: opts.maxAgeDays })
    } finally {
      store.close()
    }
  } catch (err) {
    if (!(err instanceof AdvisoryError)) throw err
    if (err.code !== 'DB_NOT_FOUND') {
      throw new UserError('INPUT_INVALID', `advisory database ${dbPath}: ${err.message}; run \`bulwark db update\``, { cause: err })
    }
    io.stderr.write(
      `bulwark: no advisory database at ${dbPath}: reporting the inventory only. ` +
        'Run `bulwark db update` (or `bulwark db import FILE` offline) to get advisories.\n',
    )
  }
  const { findings, warnings } = filterFindings(scanned.findings, opts)
  for (const w of [...warnings, ...scanned.warnings.slice(report.warnings.length)]) io.stderr.write(`bulwark: warning: ${w}\n`)
  return { ...scanned, findings, warnings: [...scanned.warnings, ...warnings] }
}

/** Throws GateFailed (exit 1) when an unsuppressed finding is at or above `failOn`. */
export function enforceGate(report: ScanReport, failOn: Severity | undefined): void {
  if (!failOn) return
  const hits = report.findings.filter((f) => !f.suppressed && isAtLeast(f.severity, failOn))
  if (hits.length === 0) return
  const ids = [...new Set(hits.map((f) => f.id))]
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, … (${ids.length} in all)` : '')
  throw new GateFailed('GATE_FAILED', `${hits.length} finding(s) at or above ${failOn}: ${shown}`)
}
