import type { Kysely, Selectable } from 'kysely'
import type { TokenRecord, TokenRole, TokenStore } from '../../core/index.js'
import { toNumber, type ServerDatabase, type TokenTable } from '../db.js'

function toToken(row: Omit<Selectable<TokenTable>, 'hash'>): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as TokenRole,
    createdAt: row.created_at,
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
    revoked: toNumber(row.revoked) !== 0,
  }
}

const COLUMNS = ['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked'] as const

/** TokenStore over Kysely: only hashes are stored; revoked tokens are kept for the audit trail. */
export class TokenRepo implements TokenStore {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  async createToken(rec: { id: string; name: string; role: TokenRole; hash: string }): Promise<TokenRecord> {
    const row = { ...rec, created_at: new Date().toISOString(), last_used_at: null, revoked: 0 }
    await this.db.insertInto('tokens').values(row).execute()
    return toToken(row)
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const row = await this.db.selectFrom('tokens').select(COLUMNS).where('hash', '=', hash).executeTakeFirst()
    return row ? toToken(row) : undefined
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('tokens').set({ last_used_at: at }).where('id', '=', id).execute()
  }

  async revoke(id: string): Promise<boolean> {
    const res = await this.db
      .updateTable('tokens')
      .set({ revoked: 1 })
      .where('id', '=', id)
      .where('revoked', '=', 0)
      .executeTakeFirst()
    return res.numUpdatedRows > 0n
  }

  async listTokens(): Promise<TokenRecord[]> {
    const rows = await this.db.selectFrom('tokens').select(COLUMNS).orderBy('created_at').orderBy('id').execute()
    return rows.map(toToken)
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    return toNumber(row.n as number | string | bigint)
  }
}
