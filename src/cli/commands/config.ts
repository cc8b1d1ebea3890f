import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { parseSeverity, SEVERITIES, UserError, type Finding, type Severity } from '../../core/index.js'
import type { AuditScores, CheckSummary } from '../../audit/index.js'
import type { ScanReport } from '../../core/index.js'
import type { K8sObject, LoadError } from '../../k8s/index.js'
import { GateFailed } from '../exit-codes.js'
import { emit, useColor, type CliIo } from '../io.js'
import { TOOL_VERSION } from '../version.js'

const FORMATS = ['table', 'json', 'sarif', 'html'] as const

/** Flags shared by `config` and `cluster`. */
export interface AuditFlags {
  readonly format: string
  readonly output?: string
  readonly severity?: string
  readonly failOn?: string
  readonly exceptions?: string
  readonly checks?: string
  readonly allowedRegistries?: string[]
}

/** Adds the flags every audit command shares. */
export function withAuditFlags(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--severity <levels>', 'report only these severities (list), or one level and above')
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this severity')
    .option('--exceptions <file>', 'YAML file of accepted findings with reason and expiry')
    .option('--checks <dir>', 'directory of custom checks (YAML with a CEL condition)')
    .option('--allowed-registries <list>', 'comma-separated registries images may come from', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
}

/** What was loaded for an audit. */
export interface AuditInputs {
  readonly name: string
  readonly objects: readonly K8sObject[]
  readonly errors: readonly LoadError[]
  readonly unknowns: readonly { readonly path: string; readonly reason: string }[]
  readonly extraFindings?: readonly Finding[]
}

function severityOf(flag: string, text: string): Severity {
  const s = parseSeverity(text)
  if (!s) throw new UserError('ARG_INVALID', `${flag}: "${text}" is not one of ${SEVERITIES.join(', ')}`)
  return s
}

/**
 * Audits loaded objects, writes the report, then applies the exit rules: unreadable input
 * (exit 2) wins over a failed --fail-on gate (exit 1).
 */
export async function auditAndEmit(io: CliIo, flags: AuditFlags, inputs: AuditInputs): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UserError('ARG_INVALID', `--format: "${flags.format}" is not one of ${FORMATS.join(', ')}`)
  const failOn = flags.failOn ? severityOf('--fail-on', flags.failOn) : undefined
  const audit = await import('../../audit/index.js')
  const severities = flags.severity ? audit.parseSeverityFilter(flags.severity, parseSeverity, SEVERITIES) : undefined
  if (flags.severity && !severities) throw new UserError('ARG_INVALID', `--severity: "${flags.severity}" lists an unknown severity`)
  const exceptions = flags.exceptions ? audit.parseExceptions(await readText(flags.exceptions), flags.exceptions) : []
  const custom = flags.checks ? await audit.loadCustomChecks(flags.checks) : { checks: [], diagnostics: [] }
  if (custom.diagnostics.length > 0) {
    throw new UserError('CONFIG_INVALID', custom.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`).join('\n'))
  }
  const result = audit.runAudit({
    objects: inputs.objects, checks: [...audit.checks, ...custom.checks], exceptions, toolVersion: TOOL_VERSION,
    options: flags.allowedRegistries ? { allowedRegistries: flags.allowedRegistries } : {},
  })
  const report = audit.toAuditReport(result, { ...inputs, loadErrors: inputs.errors, toolVersion: TOOL_VERSION, ...(severities ? { severities } : {}) })
  const color = useColor(io, flags.output !== undefined)
  await emit(io, await renderAudit(report, flags.format, result.scores, result.summaries, color), flags.output)
  for (const e of inputs.errors) io.stderr.write(`bulwark: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`)
  if (inputs.errors.length > 0) throw new UserError('INPUT_INVALID', `${inputs.errors.length} input file(s) could not be read; the others were audited`)
  const failing = failOn ? audit.gateFindings(report.findings, failOn) : []
  if (failing.length > 0) throw new GateFailed('GATE_FAILED', `${failing.length} finding(s) at or above ${failOn}`)
}

async function renderAudit(report: ScanReport, format: string, scores: AuditScores, summaries: readonly CheckSummary[], color: boolean): Promise<string> {
  const { render, renderAuditTable } = await import('../../report/index.js')
  if (format === 'table') return renderAuditTable(report, scores, { color })
  const text = render(report, format as (typeof FORMATS)[number], { color })
  if (format !== 'json') return text
  // the audit adds its scores and per-check counts beside the common report fields
  return `${JSON.stringify({ ...(JSON.parse(text) as object), audit: { scores, checks: summaries } }, null, 2)}\n`
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError('NOT_FOUND', `${path}: ${(err as Error).message}`, { cause: err })
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(Buffer.from(c as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** `bulwark config PATH...`: audits Kubernetes manifests (and Dockerfiles) without a cluster. */
export function registerConfig(program: Command, io: CliIo): void {
  withAuditFlags(
    program
      .command('config')
      .description('audit Kubernetes manifests (files, directories, - for stdin) and Dockerfiles')
      .argument('<paths...>', 'YAML/JSON manifests, directories, Helm output, or - for stdin'),
  ).action(async (paths: string[], flags: AuditFlags) => {
    const { collectInputFiles, loadManifestFiles } = await import('../../k8s/index.js')
    const files = await collectInputFiles(paths)
    const loaded = await loadManifestFiles(files.manifests, paths.includes('-') ? await readStdin() : undefined)
    const extraFindings = await dockerfileFindings(files.dockerfiles)
    await auditAndEmit(io, flags, { name: paths.join(' '), ...loaded, extraFindings })
  })
}

/** Findings of the content helper's Dockerfile checks for the Dockerfiles among the inputs. */
async function dockerfileFindings(paths: readonly string[]): Promise<Finding[]> {
  if (paths.length === 0) return []
  const { checkDockerfile } = await import('../../content/index.js')
  const findings: Finding[] = []
  for (const p of paths) findings.push(...checkDockerfile(await readText(p), p))
  return findings
}
