import type { Command } from 'commander'
import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { loadConfig } from '../../app/cli/index.js'
import { AdvisoryError, ExternalError, UserError, type AdvisoryMetadata } from '../../core/index.js'
import { advisoryDbPath } from '../gate.js'
import { emit, progress, type CliIo } from '../io.js'

/** The public OSV bucket: one `<ECOSYSTEM>/all.zip` per ecosystem. */
export const OSV_BUCKET_URL = 'https://osv-vulnerabilities.storage.googleapis.com'

/** Ecosystems `db update` fetches by default (OS distributions first, then languages). */
export const DEFAULT_ECOSYSTEMS = [
  'Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'Rocky Linux', 'AlmaLinux',
  'npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'NuGet', 'Packagist',
] as const

interface DbFlags {
  readonly db?: string
  readonly source?: readonly string[]
  readonly ecosystems?: string
  readonly quiet?: boolean
  readonly format?: string
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v]

function dbPathOf(cmd: Command, io: CliIo, flags: DbFlags): string {
  return advisoryDbPath(flags, loadConfig(cmd.optsWithGlobals(), io.env).dataDir)
}

/** Advisory errors on files the user named are usage errors (exit 2). */
function asUserError(err: unknown): unknown {
  if (err instanceof AdvisoryError) return new UserError('INPUT_INVALID', err.message, { cause: err })
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
    return new UserError('INPUT_INVALID', (err as Error).message, { cause: err })
  }
  return err
}

async function update(io: CliIo, flags: DbFlags, cmd: Command): Promise<void> {
  const path = dbPathOf(cmd, io, flags)
  const ecosystems = (flags.ecosystems ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const { osvEcosystemUrls, updateDatabase } = await import('../../vuln/index.js')
  const { openSqliteAdvisoryStore } = await import('../../store/advisory/index.js')
  const sources = flags.source?.length
    ? [...flags.source]
    : osvEcosystemUrls(OSV_BUCKET_URL, ecosystems.length > 0 ? ecosystems : DEFAULT_ECOSYSTEMS)
  await mkdir(dirname(path), { recursive: true })
  const tick = progress(io, flags.quiet === true)
  const report = await updateDatabase({
    path,
    sources,
    // With --source the archives may hold anything: --ecosystems then filters records.
    ...(flags.source?.length && ecosystems.length > 0 ? { ecosystems } : {}),
    openStore: (p) => openSqliteAdvisoryStore(p),
    onSource: (s, i, n) => tick(`updating advisories ${i + 1}/${n}: ${s}`),
  })
  tick('')
  const lines = report.sources.map((s) =>
    s.status === 'failed'
      ? `${s.source}: failed (${s.code ?? 'error'}): ${s.error}; its previous records are kept`
      : `${s.source}: ${s.status === 'not-modified' ? 'not modified' : `${s.imported} imported, ${s.skipped} skipped, ${s.filtered} filtered`}`,
  )
  for (const s of report.sources) {
    if (s.status === 'imported' && s.skipped > 0) {
      io.stderr.write(`bulwark: warning: ${s.source}: ${s.skipped} malformed record(s) skipped, e.g. ${s.problems[0]?.entry}: ${s.problems[0]?.reason}\n`)
    }
  }
  if (!flags.quiet) await emit(io, [...lines, `${report.records} records in ${path}`].join('\n'), undefined)
  const failed = report.sources.filter((s) => s.status === 'failed')
  if (failed.length === report.sources.length && failed.length > 0) {
    throw new ExternalError('OSV_FEED_UNAVAILABLE', `every source failed; the database at ${path} is unchanged`)
  }
  for (const f of failed) io.stderr.write(`bulwark: warning: ${f.source}: ${f.error}\n`)
}

function ageOf(updatedAt: string | undefined): string {
  if (!updatedAt) return 'never updated'
  const hours = (Date.now() - Date.parse(updatedAt)) / 3_600_000
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${Math.floor(hours / 24)} days`
}

function statusText(path: string, meta: AdvisoryMetadata, size: number): string {
  const lines = [`Database: ${path} (${(size / 1024 / 1024).toFixed(1)} MiB, schema ${meta.schemaVersion})`]
  lines.push(`Updated:  ${meta.updatedAt ?? '-'} (age: ${ageOf(meta.updatedAt)})`, `Records:  ${meta.records}`, '', 'Ecosystems:')
  for (const [eco, n] of Object.entries(meta.ecosystems).sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${eco.padEnd(28)} ${n}`)
  lines.push('', 'Sources:')
  for (const s of meta.sources) lines.push(`  ${s.name}: ${s.records ?? 0} records, imported ${s.importedAt ?? '-'}${s.etag ? `, etag ${s.etag}` : ''}`)
  return lines.join('\n')
}

async function status(io: CliIo, flags: DbFlags, cmd: Command): Promise<void> {
  const path = dbPathOf(cmd, io, flags)
  const { openSqliteAdvisoryStore } = await import('../../store/advisory/index.js')
  let meta: AdvisoryMetadata
  try {
    const store = openSqliteAdvisoryStore(path, { readonly: true })
    try {
      meta = await store.metadata()
    } finally {
      store.close()
    }
  } catch (err) {
    if (err instanceof AdvisoryError && err.code === 'DB_NOT_FOUND') {
      throw new UserError('NOT_FOUND', `no advisory database at ${path}: run \`bulwark db update\``, { cause: err })
    }
    throw asUserError(err)
  }
  const size = (await stat(path)).size
  const json = { path, size, age: ageOf(meta.updatedAt), ...meta }
  await emit(io, flags.format === 'json' ? JSON.stringify(json, null, 2) : statusText(path, meta, size), undefined)
}

/** `bulwark db update|status|export|import`: the advisory database. */
export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('the advisory database: update, status, export, import')
  db.command('update')
    .description('fetch OSV advisories (default: the public OSV bucket) and swap the new database in atomically')
    .option('--source <url|path>', 'an OSV all.zip URL, a zip, or a directory of OSV JSON (repeatable)', collect)
    .option('--ecosystems <list>', `comma-separated OSV ecosystems (default: ${DEFAULT_ECOSYSTEMS.join(', ')})`)
    .option('--db <file>', 'database file (default: <data-dir>/advisories.db)')
    .option('-q, --quiet', 'no progress or summary output')
    .action((flags: DbFlags, cmd: Command) => update(io, flags, cmd))
  db.command('status')
    .description('sources, record counts per ecosystem and age of the database')
    .option('--db <file>', 'database file (default: <data-dir>/advisories.db)')
    .option('-f, --format <format>', 'table|json', 'table')
    .action((flags: DbFlags, cmd: Command) => status(io, flags, cmd))
  db.command('export')
    .description('write the database as a single self-verifying file for offline sites')
    .argument('<file>', 'bundle to write')
    .option('--db <file>', 'database file (default: <data-dir>/advisories.db)')
    .action(async (file: string, flags: DbFlags, cmd: Command) => {
      const { exportBundle } = await import('../../store/advisory/index.js')
      try {
        const { digest } = exportBundle(dbPathOf(cmd, io, flags), file)
        io.stderr.write(`bulwark: exported ${file} (${digest})\n`)
      } catch (err) {
        throw asUserError(err)
      }
    })
  db.command('import')
    .description('verify a bundle written by `db export` and install it as the database')
    .argument('<file>', 'bundle to read')
    .option('--db <file>', 'database file (default: <data-dir>/advisories.db)')
    .action(async (file: string, flags: DbFlags, cmd: Command) => {
      const { importBundle } = await import('../../store/advisory/index.js')
      const path = dbPathOf(cmd, io, flags)
      await mkdir(dirname(path), { recursive: true })
      try {
        const { digest } = importBundle(file, path)
        io.stderr.write(`bulwark: imported ${file} into ${path} (${digest})\n`)
      } catch (err) {
        throw asUserError(err)
      }
    })
}
