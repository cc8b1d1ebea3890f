import type { Kysely } from 'kysely'

/** The registry view reads a repository's scans in id order: index that walk (no sort of 10,000 rows). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('scans_repo_id').on('scans').columns(['repository', 'id']).execute()
}
