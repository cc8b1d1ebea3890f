import type { Kysely, Selectable } from 'kysely'
import type { ManifestRecord, PageRequest, RegistryStore } from '../../core/index.js'
import { fromJson, toNumber, type ManifestTable, type ServerDatabase } from '../db.js'

function toManifest(row: Selectable<ManifestTable>): ManifestRecord {
  const annotations = fromJson<Record<string, string>>(row.annotations)
  return {
    repository: row.repository,
    digest: row.digest,
    mediaType: row.media_type,
    size: toNumber(row.size),
    totalSize: toNumber(row.total_size),
    ...(row.config_digest !== null ? { configDigest: row.config_digest } : {}),
    ...(row.artifact_type !== null ? { artifactType: row.artifact_type } : {}),
    ...(row.subject !== null ? { subject: row.subject } : {}),
    ...(annotations ? { annotations } : {}),
    references: fromJson<string[]>(row.refs) ?? [],
    createdAt: row.created_at,
  }
}

/** RegistryStore over Kysely: manifests, tags and blob links in three tables. */
export class RegistryRepo implements RegistryStore {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async putManifest(rec: ManifestRecord): Promise<void> {
    const values = {
      media_type: rec.mediaType,
      size: rec.size,
      total_size: rec.totalSize,
      config_digest: rec.configDigest ?? null,
      artifact_type: rec.artifactType ?? null,
      subject: rec.subject ?? null,
      annotations: rec.annotations ? JSON.stringify(rec.annotations) : null,
      refs: JSON.stringify(rec.references),
    }
    await this.db
      .insertInto('manifests')
      .values({ repository: rec.repository, digest: rec.digest, created_at: rec.createdAt, ...values })
      .onConflict((oc) => oc.columns(['repository', 'digest']).doUpdateSet(values))
      .execute()
  }

  async getManifest(repository: string, digest: string): Promise<ManifestRecord | undefined> {
    const row = await this.db
      .selectFrom('manifests')
      .selectAll()
      .where('repository', '=', repository)
      .where('digest', '=', digest)
      .executeTakeFirst()
    return row ? toManifest(row) : undefined
  }

  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('tags').where('repository', '=', repository).where('digest', '=', digest).execute()
      const res = await trx
        .deleteFrom('manifests')
        .where('repository', '=', repository)
        .where('digest', '=', digest)
        .executeTakeFirst()
      return res.numDeletedRows > 0n
    })
  }

  async setTag(repository: string, tag: string, digest: string): Promise<void> {
    const updated_at = new Date().toISOString()
    await this.db
      .insertInto('tags')
      .values({ repository, tag, digest, updated_at })
      .onConflict((oc) => oc.columns(['repository', 'tag']).doUpdateSet({ digest, updated_at }))
      .execute()
  }

  async resolveTag(repository: string, tag: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('tags')
      .select('digest')
      .where('repository', '=', repository)
      .where('tag', '=', tag)
      .executeTakeFirst()
    return row?.digest
  }

  async deleteTag(repository: string, tag: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('tags')
      .where('repository', '=', repository)
      .where('tag', '=', tag)
      .executeTakeFirst()
    return res.numDeletedRows > 0n
  }

  async listTags(repository: string, page: PageRequest = {}): Promise<string[]> {
    let q = this.db.selectFrom('tags').select('tag').where('repository', '=', repository)
    if (page.last !== undefined) q = q.where('tag', '>', page.last)
    if (page.n !== undefined) q = q.limit(page.n)
    const rows = await q.orderBy('tag').execute()
    return rows.map((r) => r.tag)
  }

  async listTagRecords(repository: string): Promise<{ tag: string; digest: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom('tags')
      .select(['tag', 'digest', 'updated_at'])
      .where('repository', '=', repository)
      .orderBy('tag')
      .execute()
    return rows.map((r) => ({ tag: r.tag, digest: r.digest, updatedAt: r.updated_at }))
  }

  async listManifests(repository: string): Promise<ManifestRecord[]> {
    const rows = await this.db
      .selectFrom('manifests')
      .selectAll()
      .where('repository', '=', repository)
      .orderBy('digest')
      .execute()
    return rows.map(toManifest)
  }

  async listRepositories(page: PageRequest = {}): Promise<string[]> {
    let q = this.db.selectFrom('manifests').select('repository').distinct()
    if (page.last !== undefined) q = q.where('repository', '>', page.last)
    if (page.n !== undefined) q = q.limit(page.n)
    const rows = await q.orderBy('repository').execute()
    return rows.map((r) => r.repository)
  }

  async listReferrers(repository: string, digest: string, artifactType?: string): Promise<ManifestRecord[]> {
    let q = this.db
      .selectFrom('manifests')
      .selectAll()
      .where('repository', '=', repository)
      .where('subject', '=', digest)
    if (artifactType !== undefined) q = q.where('artifact_type', '=', artifactType)
    const rows = await q.orderBy('digest').execute()
    return rows.map(toManifest)
  }

  async linkBlob(repository: string, digest: string, size: number): Promise<void> {
    await this.db
      .insertInto('blob_links')
      .values({ repository, digest, size, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['repository', 'digest']).doNothing())
      .execute()
  }

  async isBlobLinked(repository: string, digest: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('blob_links')
      .select('digest')
      .where('repository', '=', repository)
      .where('digest', '=', digest)
      .executeTakeFirst()
    return row !== undefined
  }

  async unlinkBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('blob_links')
      .where('repository', '=', repository)
      .where('digest', '=', digest)
      .executeTakeFirst()
    return res.numDeletedRows > 0n
  }

  async liveBlobs(): Promise<Set<string>> {
    const live = new Set<string>()
    const manifests = await this.db.selectFrom('manifests').select(['digest', 'refs']).execute()
    for (const m of manifests) {
      live.add(m.digest)
      for (const ref of fromJson<string[]>(m.refs) ?? []) live.add(ref)
    }
    const links = await this.db.selectFrom('blob_links').select('digest').distinct().execute()
    for (const l of links) live.add(l.digest)
    return live
  }
}
