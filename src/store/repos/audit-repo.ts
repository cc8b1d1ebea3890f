import type { Kysely } from 'kysely'
import type { AuditEntry, AuditLogStore } from '../../core/index.js'
import type { ServerDatabase } from '../db.js'
import { newId } from '../ids.js'

/** AuditLogStore over Kysely: append-only, listed newest first. */
export class AuditRepo implements AuditLogStore {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: newId(),
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        detail: entry.detail ?? null,
      })
      .execute()
  }

  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute()
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      ...(r.detail !== null ? { detail: r.detail } : {}),
    }))
  }
}
