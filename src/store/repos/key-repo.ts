import type { Kysely } from 'kysely'
import type { ServerDatabase } from '../db.js'
import { newId } from '../ids.js'

/** A trusted public key as the API lists it (the key text included: it is public). */
export interface TrustedKeyRecord {
  readonly id: string
  /** `pem` (cosign public key) or `pgp` (armored OpenPGP public key). */
  readonly kind: 'pem' | 'pgp'
  readonly name: string
  readonly key: string
  readonly createdAt: string
}

/** One image version whose signature state the server tracks. */
export interface SignableVersion {
  readonly source: 'registry' | 'external'
  readonly repository: string
  readonly digest: string
  /** A tag naming it (GPG signatures claim a tag), when it has one. */
  readonly tag?: string
}

/** Trusted keys, and the stored signature state of built-in and external image versions. */
export class KeyRepo {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** Every trusted key, oldest first. */
  async list(): Promise<TrustedKeyRecord[]> {
    const rows = await this.db.selectFrom('trusted_keys').selectAll().orderBy('id').execute()
    return rows.map((r) => ({ id: r.id, kind: r.kind === 'pgp' ? 'pgp' : 'pem', name: r.name, key: r.key_text, createdAt: r.created_at }))
  }

  /** Stores a key the caller has validated. */
  async add(input: { kind: 'pem' | 'pgp'; name: string; key: string }): Promise<TrustedKeyRecord> {
    const rec = { id: newId(), kind: input.kind, name: input.name, key: input.key, createdAt: new Date().toISOString() }
    await this.db.insertInto('trusted_keys').values({ id: rec.id, kind: rec.kind, name: rec.name, key_text: rec.key, created_at: rec.createdAt }).execute()
    return rec
  }

  /** Removes a key; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('trusted_keys').where('id', '=', id).executeTakeFirst()
    return res.numDeletedRows > 0n
  }

  /** Records the signature state of a version (every external tag of that digest too). */
  async setSignature(v: Pick<SignableVersion, 'source' | 'repository' | 'digest'>, status: string): Promise<void> {
    if (v.source === 'registry') {
      await this.db.updateTable('manifests').set({ signature: status }).where('repository', '=', v.repository).where('digest', '=', v.digest).execute()
      return
    }
    await this.db.updateTable('external_images').set({ signature: status }).where('repository', '=', v.repository).where('digest', '=', v.digest).execute()
  }

  /** Tagged versions of both sources (one row per digest), at most `limit`, for a recompute. */
  async listSignable(limit: number): Promise<SignableVersion[]> {
    const own = await this.db.selectFrom('tags').select(['repository', 'digest', 'tag']).orderBy('repository').orderBy('tag').limit(limit).execute()
    const ext = await this.db.selectFrom('external_images').select(['repository', 'digest', 'tag']).orderBy('repository').orderBy('tag').limit(limit).execute()
    const seen = new Set<string>()
    const out: SignableVersion[] = []
    for (const [source, rows] of [['registry', own], ['external', ext]] as const) {
      for (const r of rows) {
        const k = `${source} ${r.repository}@${r.digest}`
        if (seen.has(k)) continue
        seen.add(k)
        out.push({ source, repository: r.repository, digest: r.digest, tag: r.tag })
      }
    }
    return out.slice(0, limit)
  }

  /** A tag of a built-in registry digest, if any (signatures are verified by that tag). */
  async tagOf(repository: string, digest: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('tags').select('tag').where('repository', '=', repository).where('digest', '=', digest).orderBy('tag').executeTakeFirst()
    return row?.tag
  }

  /** The subject of a stored manifest (an OCI referrer), if any. */
  async subjectOf(repository: string, digest: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('manifests').select('subject').where('repository', '=', repository).where('digest', '=', digest).executeTakeFirst()
    return row?.subject ?? undefined
  }
}
