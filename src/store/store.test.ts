import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runRepoSuite } from '../../test/server/repo-suite.js'
import { PG_URL, freshSchema, testDialects } from '../../test/server/pg.js'
import { createStore, dropPostgresSchema, MIGRATIONS } from './index.js'

for (const dialect of testDialects('store')) runRepoSuite(dialect)

describe('migrations', () => {
  it('are keyed in apply order', () => {
    expect(Object.keys(MIGRATIONS)).toEqual([...Object.keys(MIGRATIONS)].sort())
  })

  it.each(['sqlite', 'postgres'] as const)('apply once: reopening a %s database keeps its data', async (dialect) => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-store-'))
    const schema = freshSchema('reopen')
    const opts = dialect === 'sqlite' ? { url: join(dir, 'db.sqlite') } : { url: PG_URL, schema }
    try {
      const first = await createStore(opts)
      await first.registry.setTag('r', 't', 'sha256:aa')
      await first.close()

      const second = await createStore(opts)
      const digest = await second.registry.resolveTag('r', 't')
      await second.close()

      expect(digest).toBe('sha256:aa')
    } finally {
      if (dialect === 'postgres') await dropPostgresSchema(PG_URL, schema)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses unknown URL schemes and reports an unreachable server clearly', async () => {
    await expect(createStore({ url: 'mysql://x/y' })).rejects.toMatchObject({ name: 'StoreError', code: 'DB_URL_INVALID' })
    await expect(createStore({ url: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toMatchObject({ name: 'StoreError', code: 'DB_UNAVAILABLE' })
  })
})
