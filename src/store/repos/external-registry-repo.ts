import type { Kysely, Selectable } from 'kysely'
import { toNumber, type ExternalRegistryTable, type ServerDatabase } from '../db.js'
import { newId } from '../ids.js'

/** An external registry as the API shows it: the credentials never leave the store's caller. */
export interface ExternalRegistryRecord {
  readonly id: string
  readonly url: string
  readonly host: string
  readonly insecure: boolean
  readonly hasCredentials: boolean
  readonly scheduleSeconds?: number
  readonly lastScanAt?: string
  readonly createdAt: string
}

/** One image version seen in an external registry. */
export interface ExternalImage {
  readonly registryId: string
  readonly repository: string
  readonly tag: string
  readonly digest: string
  readonly mediaType: string
  readonly totalSize: number
  readonly configDigest?: string
}

function toRecord(row: Selectable<ExternalRegistryTable>): ExternalRegistryRecord {
  return {
    id: row.id,
    url: row.url,
    host: row.host,
    insecure: toNumber(row.insecure) !== 0,
    hasCredentials: row.credentials !== null,
    ...(row.schedule_seconds !== null ? { scheduleSeconds: toNumber(row.schedule_seconds) } : {}),
    ...(row.last_scan_at !== null ? { lastScanAt: row.last_scan_at } : {}),
    createdAt: row.created_at,
  }
}

/** External registries and their images. Credentials arrive and leave encrypted (api/ holds the key). */
export class ExternalRegistryRepo {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** Registers a registry; `credentials` is already-encrypted text or undefined. */
  async create(rec: {
    url: string
    host: string
    insecure: boolean
    credentials?: string
    scheduleSeconds?: number
  }): Promise<ExternalRegistryRecord> {
    const row = {
      id: newId(),
      url: rec.url,
      host: rec.host,
      insecure: rec.insecure ? 1 : 0,
      credentials: rec.credentials ?? null,
      schedule_seconds: rec.scheduleSeconds ?? null,
      last_scan_at: null,
      created_at: new Date().toISOString(),
    }
    await this.db.insertInto('external_registries').values(row).execute()
    return toRecord(row)
  }

  /** One registry, or undefined. */
  async get(id: string): Promise<ExternalRegistryRecord | undefined> {
    const row = await this.db.selectFrom('external_registries').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toRecord(row) : undefined
  }

  /** The encrypted credentials of a registry (for the scanner only). */
  async getCredentials(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('external_registries')
      .select('credentials')
      .where('id', '=', id)
      .executeTakeFirst()
    return row?.credentials ?? undefined
  }

  /** Every registry, oldest first. */
  async list(): Promise<ExternalRegistryRecord[]> {
    const rows = await this.db.selectFrom('external_registries').selectAll().orderBy('id').execute()
    return rows.map(toRecord)
  }

  /** Removes a registry and the image rows it produced (scans stay as history). */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('external_images').where('registry_id', '=', id).execute()
      const res = await trx.deleteFrom('external_registries').where('id', '=', id).executeTakeFirst()
      return res.numDeletedRows > 0n
    })
  }

  /** Records when a registry was last scanned (the scheduler's clock). */
  async markScanned(id: string, at: string): Promise<void> {
    await this.db.updateTable('external_registries').set({ last_scan_at: at }).where('id', '=', id).execute()
  }

  /** Registries with a schedule whose interval has elapsed at `now`. */
  async due(now: Date): Promise<ExternalRegistryRecord[]> {
    const all = await this.list()
    return all.filter((r) => {
      if (r.scheduleSeconds === undefined) return false
      if (r.lastScanAt === undefined) return true
      return Date.parse(r.lastScanAt) + r.scheduleSeconds * 1000 <= now.getTime()
    })
  }

  /** Inserts or updates the version a tag points at. */
  async upsertImage(img: ExternalImage): Promise<void> {
    const values = {
      registry_id: img.registryId,
      digest: img.digest,
      media_type: img.mediaType,
      total_size: img.totalSize,
      config_digest: img.configDigest ?? null,
      updated_at: new Date().toISOString(),
    }
    await this.db
      .insertInto('external_images')
      .values({ repository: img.repository, tag: img.tag, ...values })
      .onConflict((oc) => oc.columns(['repository', 'tag']).doUpdateSet(values))
      .execute()
  }

  /** Forgets an external version (the API's delete on an external repository). */
  async deleteImage(repository: string, digest: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('external_images')
      .where('repository', '=', repository)
      .where('digest', '=', digest)
      .executeTakeFirst()
    return res.numDeletedRows > 0n
  }
}
