import type { Kysely, Selectable } from 'kysely'
import type { ScanRecord, ScanStatus, ScanStore } from '../../core/index.js'
import { fromJson, type ScanTable, type ServerDatabase } from '../db.js'
import { newId } from '../ids.js'

const COLUMNS = [
  'id',
  'repository',
  'digest',
  'status',
  'queued_at',
  'started_at',
  'finished_at',
  'error',
  'counts',
  'new_findings',
  'fixed_findings',
] as const

/** Maps a scans row (without its report) to the port's record. */
export function toScanRecord(row: Omit<Selectable<ScanTable>, 'report'>): ScanRecord {
  const counts = fromJson<Record<string, number>>(row.counts)
  const newFindings = fromJson<string[]>(row.new_findings)
  const fixedFindings = fromJson<string[]>(row.fixed_findings)
  return {
    id: row.id,
    repository: row.repository,
    digest: row.digest,
    status: row.status as ScanStatus,
    queuedAt: row.queued_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(counts ? { counts } : {}),
    ...(newFindings ? { newFindings } : {}),
    ...(fixedFindings ? { fixedFindings } : {}),
  }
}

/** ScanStore over Kysely. The report and its counts are written in one UPDATE, so never half. */
export class ScanRepo implements ScanStore {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async createScan(repository: string, digest: string): Promise<ScanRecord> {
    const row = {
      id: newId(),
      repository,
      digest,
      status: 'queued',
      queued_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
      error: null,
      counts: null,
      new_findings: null,
      fixed_findings: null,
      report: null,
    }
    await this.db.insertInto('scans').values(row).execute()
    return toScanRecord(row)
  }

  async markRunning(id: string): Promise<void> {
    await this.db
      .updateTable('scans')
      .set({ status: 'running', started_at: new Date().toISOString(), error: null })
      .where('id', '=', id)
      .execute()
  }

  async completeScan(
    id: string,
    result: { report: string; counts: Record<string, number>; newFindings: string[]; fixedFindings: string[] },
  ): Promise<void> {
    await this.db
      .updateTable('scans')
      .set({
        status: 'completed',
        finished_at: new Date().toISOString(),
        report: result.report,
        counts: JSON.stringify(result.counts),
        new_findings: JSON.stringify(result.newFindings),
        fixed_findings: JSON.stringify(result.fixedFindings),
        error: null,
      })
      .where('id', '=', id)
      .execute()
  }

  async failScan(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('scans')
      .set({ status: 'failed', finished_at: new Date().toISOString(), error })
      .where('id', '=', id)
      .execute()
  }

  async getScan(id: string): Promise<ScanRecord | undefined> {
    const row = await this.db.selectFrom('scans').select(COLUMNS).where('id', '=', id).executeTakeFirst()
    return row ? toScanRecord(row) : undefined
  }

  async getReport(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('scans').select('report').where('id', '=', id).executeTakeFirst()
    return row?.report ?? undefined
  }

  async latestScan(repository: string, digest: string): Promise<ScanRecord | undefined> {
    const row = await this.db
      .selectFrom('scans')
      .select(COLUMNS)
      .where('repository', '=', repository)
      .where('digest', '=', digest)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row ? toScanRecord(row) : undefined
  }

  async previousCompleted(repository: string, exceptId: string): Promise<ScanRecord | undefined> {
    const row = await this.db
      .selectFrom('scans')
      .select(COLUMNS)
      .where('repository', '=', repository)
      .where('status', '=', 'completed')
      .where('id', '!=', exceptId)
      .orderBy('finished_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row ? toScanRecord(row) : undefined
  }

  async latestCompleted(): Promise<ScanRecord[]> {
    const newest = this.db.selectFrom('scans').select((eb) => eb.fn.max('id').as('id')).groupBy(['repository', 'digest'])
    const rows = await this.db
      .selectFrom('scans')
      .select(COLUMNS)
      .where('id', 'in', newest)
      .where('status', '=', 'completed')
      .orderBy('id', 'asc')
      .execute()
    return rows.map(toScanRecord)
  }

  async listScans(repository: string, digest?: string): Promise<ScanRecord[]> {
    let q = this.db.selectFrom('scans').select(COLUMNS).where('repository', '=', repository)
    if (digest !== undefined) q = q.where('digest', '=', digest)
    const rows = await q.orderBy('id', 'desc').execute()
    return rows.map(toScanRecord)
  }
}
