import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOsvRecord } from './schema.js'

const FIXTURES = join(import.meta.dirname, '../../../testdata/osv')
const ECOSYSTEM_DIRS = ['npm', 'maven', 'pypi', 'go', 'debian', 'alpine']

describe('parseOsvRecord', () => {
  const files = ECOSYSTEM_DIRS.flatMap((d) =>
    readdirSync(join(FIXTURES, d)).map((f) => ({ name: `${d}/${f}`, path: join(FIXTURES, d, f) })),
  )

  it.each(files)('accepts the real record $name', ({ path, name }) => {
    const text = readFileSync(path, 'utf8')

    const parsed = parseOsvRecord(text)

    expect(parsed.ok).toBe(true)
    if (parsed.ok) {
      expect(name).toContain(parsed.record.id)
      expect(parsed.json).toBe(text)
    }
  })

  it('tolerates unknown fields and null lists', () => {
    const parsed = parseOsvRecord(
      JSON.stringify({
        id: 'X-1',
        modified: '2024-01-01T00:00:00Z',
        aliases: null,
        affected: [
          {
            package: { ecosystem: 'npm', name: 'a', extra: 1 },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }], future: true }],
          },
        ],
        credits: [{ name: 'someone' }],
        some_future_field: { nested: [1, 2] },
      }),
    )

    expect(parsed).toMatchObject({ ok: true, record: { id: 'X-1' } })
  })

  it.each([
    { name: 'not JSON', text: '{"id": ', reason: /invalid JSON/ },
    { name: 'a JSON array', text: '[1,2]', reason: /invalid OSV record at \(root\)/ },
    { name: 'no id', text: '{"modified":"2024-01-01T00:00:00Z"}', reason: /at id/ },
    { name: 'empty id', text: '{"id":"","modified":"x"}', reason: /at id/ },
    { name: 'no modified', text: '{"id":"X"}', reason: /at modified/ },
    {
      name: 'events not a list',
      text: '{"id":"X","modified":"m","affected":[{"ranges":[{"type":"SEMVER","events":{}}]}]}',
      reason: /affected\.0\.ranges\.0\.events/,
    },
    {
      name: 'numeric version',
      text: '{"id":"X","modified":"m","affected":[{"versions":[1]}]}',
      reason: /affected\.0\.versions\.0/,
    },
    { name: 'huge text', text: ' '.repeat(8 * 1024 * 1024 + 1), reason: /larger than 8 MiB/ },
  ])('skips $name with a reason', ({ text, reason }) => {
    const parsed = parseOsvRecord(text)

    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toMatch(reason)
  })
})
