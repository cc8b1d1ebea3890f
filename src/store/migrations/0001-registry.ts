import type { Kysely } from 'kysely'

/** The built-in registry's metadata: manifests, tags and per-repository blob links. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifests')
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('total_size', 'bigint', (c) => c.notNull())
    .addColumn('config_digest', 'text')
    .addColumn('artifact_type', 'text')
    .addColumn('subject', 'text')
    .addColumn('annotations', 'text')
    .addColumn('refs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull().defaultTo('unsigned'))
    .addPrimaryKeyConstraint('manifests_pk', ['repository', 'digest'])
    .execute()
  await db.schema.createIndex('manifests_subject').on('manifests').columns(['repository', 'subject']).execute()
  await db.schema
    .createTable('tags')
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['repository', 'tag'])
    .execute()
  await db.schema.createIndex('tags_digest').on('tags').columns(['repository', 'digest']).execute()
  await db.schema
    .createTable('blob_links')
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_links_pk', ['repository', 'digest'])
    .execute()
}
