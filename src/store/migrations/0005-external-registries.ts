import type { Kysely } from 'kysely'

/** External registries (credentials encrypted by the caller) and the images seen in them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('external_registries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('insecure', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credentials', 'text')
    .addColumn('schedule_seconds', 'integer')
    .addColumn('last_scan_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('external_images')
    .addColumn('registry_id', 'text', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('total_size', 'bigint', (c) => c.notNull())
    .addColumn('config_digest', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_images_pk', ['repository', 'tag'])
    .execute()
}
