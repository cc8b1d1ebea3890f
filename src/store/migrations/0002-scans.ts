import type { Kysely } from 'kysely'

/** Scans with their history; ids are time-ordered (store/ids.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addColumn('counts', 'text')
    .addColumn('new_findings', 'text')
    .addColumn('fixed_findings', 'text')
    .addColumn('report', 'text')
    .execute()
  await db.schema.createIndex('scans_version').on('scans').columns(['repository', 'digest', 'id']).execute()
  await db.schema.createIndex('scans_repo_status').on('scans').columns(['repository', 'status', 'id']).execute()
}
