import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Package } from '../core/index.js'
import { portOnly } from '../../test/advisory-port.js'
import { openSqliteAdvisoryStore } from '../store/advisory/index.js'
import { parseOsvRecord } from './osv/schema.js'
import { matchPackages } from './match-packages.js'

const RECORDS = 10_000
const NAMES = 500
const dir = mkdtempSync(join(tmpdir(), 'bulwark-scale-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Record i affects npm package gen-(i % NAMES) from 1.0.0 up to (not including) 1.(i % 50).0. */
function record(i: number): string {
  return JSON.stringify({
    id: `GEN-${i}`,
    modified: '2024-01-01T00:00:00Z',
    aliases: [`CVE-2024-${100000 + i}`],
    summary: `generated ${i}`,
    affected: [
      {
        package: { ecosystem: 'npm', name: `gen-${i % NAMES}` },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0.0' }, { fixed: `1.${i % 50}.0` }] }],
      },
    ],
  })
}

describe('matching at scale', () => {
  it(`imports ${RECORDS} records and matches ${NAMES} packages with one lookup each`, async () => {
    const path = join(dir, 'adv.db')
    const store = openSqliteAdvisoryStore(path)
    const tx = store.beginImport('generated')
    for (let i = 0; i < RECORDS; i++) {
      const parsed = parseOsvRecord(record(i))
      if (parsed.ok) tx.add(parsed.record, parsed.json)
    }
    expect(await tx.commit()).toBe(RECORDS)
    store.close()
    const reader = openSqliteAdvisoryStore(path, { readonly: true })
    const counts = { keys: 0, reads: 0, lookups: 0 }
    const counting = {
      ...portOnly(reader, counts),
      scanCandidates: (
        keys: readonly (readonly [string, string])[],
        visit: Parameters<typeof reader.scanCandidates>[1],
      ) => {
        counts.keys += keys.length
        return reader.scanCandidates(keys, visit)
      },
      getByRefs: (refs: readonly number[]) => {
        counts.reads += refs.length
        return reader.getByRefs(refs)
      },
    }
    const packages: Package[] = []
    for (let k = 0; k < NAMES; k++) {
      for (const copy of ['a', 'b']) {
        packages.push({
          name: `gen-${k}`,
          version: '1.10.0',
          type: 'npm',
          purl: `pkg:npm/gen-${k}@1.10.0`,
          licenses: [],
          locations: [{ path: `${copy}/node_modules/gen-${k}/package.json` }],
          foundBy: 'test',
        })
      }
    }

    const findings = await matchPackages(packages, undefined, counting)

    let expected = 0
    for (let i = 0; i < RECORDS; i++) if (i % 50 > 10) expected++
    expect(findings.length).toBe(expected * 2)
    // Each name is looked up once, and only the records that affect 1.10.0 are read whole.
    expect(counts).toEqual({ keys: NAMES, reads: expected, lookups: 0 })
    // Through the port alone (one findByPackage per name), the findings are the same.
    const viaPort = await matchPackages(packages, undefined, portOnly(reader, counts))
    expect(counts.lookups).toBe(NAMES)
    expect(viaPort).toEqual(findings)
    reader.close()
  })
})
