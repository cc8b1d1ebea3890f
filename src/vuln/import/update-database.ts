import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { copyFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { AdvisoryStore } from '../../core/index.js'
import type { FetchOptions } from './fetch-archive.js'
import { importOsv, sourceName, type ImportReport, type OsvSource } from './import-osv.js'

/** Options of `updateDatabase`. */
export interface UpdateDatabaseOptions {
  /** The live database file. */
  readonly path: string
  /** Archive URLs, zip paths or directories (see `osvEcosystemUrls` for the OSV bucket). */
  readonly sources: readonly (string | OsvSource)[]
  /** Base OSV ecosystems to keep; all when absent. */
  readonly ecosystems?: readonly string[]
  /** Opens a writable store on a file: the composition root passes the SQLite adapter. */
  readonly openStore: (path: string) => AdvisoryStore
  readonly fetch?: FetchOptions
  readonly tempDir?: string
  /** Called before each source is imported (progress for the CLI). */
  readonly onSource?: (source: string, index: number, total: number) => void
}

/** A source that could not be imported: its previous records stay in the database. */
export interface FailedSource {
  readonly source: string
  readonly status: 'failed'
  readonly error: string
  readonly code?: string
}

/** What an update did, per source. */
export interface UpdateReport {
  readonly path: string
  readonly sources: readonly (ImportReport | FailedSource)[]
  readonly records: number
}

/** One all.zip URL per ecosystem under an OSV bucket base URL. */
export function osvEcosystemUrls(baseUrl: string, ecosystems: readonly string[]): string[] {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  return ecosystems.map((e) => `${base}${encodeURIComponent(e)}/all.zip`)
}

/**
 * Updates the database at `path`: the current file is copied beside it, each source is imported
 * into the copy in its own transaction, and the copy is renamed over the original. Readers keep
 * the old file until the rename; a crash or error before it leaves the old database untouched,
 * and a source that fails (corrupt archive, feed down) keeps its previous records.
 */
export async function updateDatabase(options: UpdateDatabaseOptions): Promise<UpdateReport> {
  await removeAbandonedCopies(options.path)
  const tmp = `${options.path}.update-${process.pid}-${randomBytes(4).toString('hex')}`
  let store: AdvisoryStore | undefined
  try {
    if (await exists(options.path)) await copyFile(options.path, tmp)
    store = openOrFresh(options.openStore, tmp)
    const reports: (ImportReport | FailedSource)[] = []
    for (const [i, src] of options.sources.entries()) {
      options.onSource?.(typeof src === 'string' ? src : sourceName(src), i, options.sources.length)
      reports.push(await importOne(src, store, options))
    }
    const records = (await store.metadata()).records
    store.close()
    store = undefined
    await rename(tmp, options.path)
    return { path: options.path, sources: reports, records }
  } finally {
    store?.close()
    await rm(tmp, { force: true })
  }
}

async function importOne(
  src: string | OsvSource,
  store: AdvisoryStore,
  options: UpdateDatabaseOptions,
): Promise<ImportReport | FailedSource> {
  const name = typeof src === 'string' ? src : sourceName(src)
  try {
    return await importOsv(src, store, {
      ...options.fetch,
      ...(options.ecosystems ? { ecosystems: options.ecosystems } : {}),
      ...(options.tempDir ? { tempDir: options.tempDir } : {}),
    })
  } catch (err) {
    const code = (err as { code?: unknown }).code
    return {
      source: name,
      status: 'failed',
      error: err instanceof Error ? err.message : String(err),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
}

/** Opens the copy; an unreadable old database is replaced by a fresh one rather than kept. */
function openOrFresh(open: (path: string) => AdvisoryStore, path: string): AdvisoryStore {
  try {
    return open(path)
  } catch {
    rmSync(path, { force: true })
    return open(path)
  }
}

/** Deletes copies left by updates whose process is gone (killed before its cleanup ran). */
async function removeAbandonedCopies(path: string): Promise<void> {
  const prefix = `${basename(path)}.update-`
  const names = await readdir(dirname(path)).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length).split('-')[0])
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      await rm(join(dirname(path), name), { force: true })
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined
}
