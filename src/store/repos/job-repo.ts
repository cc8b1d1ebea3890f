import type { Kysely, Selectable } from 'kysely'
import type { JobRecord, JobStore } from '../../core/index.js'
import { toNumber, type JobTable, type ServerDatabase } from '../db.js'
import { newId } from '../ids.js'

function toJob(row: Selectable<JobTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    status: row.status as JobRecord['status'],
    attempts: toNumber(row.attempts),
    runAt: row.run_at,
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  }
}

/** How many candidates one claim looks at before giving up to a racing worker. */
const CLAIM_TRIES = 5

/**
 * JobStore over Kysely. A claim is a compare-and-set UPDATE (portable, no SELECT … FOR UPDATE):
 * it succeeds only if the row is still pending, or running with an expired lease, so two
 * workers (or two processes on one PostgreSQL) never run the same job at once.
 */
export class JobRepo implements JobStore {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async enqueue(kind: string, payload: string, runAt?: string): Promise<JobRecord> {
    const now = new Date().toISOString()
    const row = {
      id: newId(),
      kind,
      payload,
      status: 'pending',
      attempts: 0,
      run_at: runAt ?? now,
      lease_until: null,
      last_error: null,
      created_at: now,
    }
    await this.db.insertInto('jobs').values(row).execute()
    return toJob(row)
  }

  async claim(now: string, leaseMs: number): Promise<JobRecord | undefined> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString()
    for (let i = 0; i < CLAIM_TRIES; i++) {
      const candidate = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst()
      if (!candidate) return undefined
      const res = await this.db
        .updateTable('jobs')
        .set({ status: 'running', lease_until: leaseUntil, attempts: toNumber(candidate.attempts) + 1 })
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where('attempts', '=', candidate.attempts)
        .executeTakeFirst()
      if (res.numUpdatedRows > 0n) {
        return toJob({ ...candidate, status: 'running', attempts: toNumber(candidate.attempts) + 1 })
      }
    }
    return undefined
  }

  async complete(id: string): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'done', lease_until: null }).where('id', '=', id).execute()
  }

  async fail(id: string, error: string, retryAt?: string): Promise<void> {
    const set =
      retryAt !== undefined
        ? { status: 'pending', run_at: retryAt, lease_until: null, last_error: error }
        : { status: 'failed', lease_until: null, last_error: error }
    await this.db.updateTable('jobs').set(set).where('id', '=', id).execute()
  }

  /**
   * Makes every running job claimable now. Only for a process that knows it is the queue's one
   * worker (the SQLite server at start-up): whatever was running then died with the last process.
   */
  async releaseRunning(): Promise<number> {
    const res = await this.db
      .updateTable('jobs')
      .set({ status: 'pending', lease_until: null })
      .where('status', '=', 'running')
      .executeTakeFirst()
    return Number(res.numUpdatedRows)
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toJob(row) : undefined
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute()
    const out: Record<string, number> = {}
    for (const r of rows) out[r.status] = toNumber(r.n as number | string | bigint)
    return out
  }
}
