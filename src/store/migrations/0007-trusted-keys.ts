import type { Kysely } from 'kysely'

/** Trusted signing keys (PEM cosign keys, armored PGP keys) and the signature state of external images. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('trusted_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .alterTable('external_images')
    .addColumn('signature', 'text', (c) => c.notNull().defaultTo('unsigned'))
    .execute()
}
