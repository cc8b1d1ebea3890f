import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Advisory, OsInfo, Package, PackageType } from '../core/index.js'
import { portOnly } from '../../test/advisory-port.js'
import { openSqliteAdvisoryStore, type SqliteAdvisoryStore } from '../store/advisory/index.js'
import { matchPackages } from './match-packages.js'

// The candidate scan (SQLite store) must give exactly what one findByPackage per package gives.

const FIXTURES = join(import.meta.dirname, '../../testdata/osv')
const TYPES: Record<string, PackageType> = { npm: 'npm', PyPI: 'pypi', Go: 'golang', Maven: 'maven', Debian: 'deb', Alpine: 'apk' }
const OS: Record<string, OsInfo> = {
  'Debian:12': { family: 'debian', version: '12' },
  'Debian:11': { family: 'debian', version: '11' },
  'Debian:13': { family: 'debian', version: '13' },
  'Debian:6.0': { family: 'debian', version: '6.0' },
  'Alpine:v3.18': { family: 'alpine', version: '3.18.2' },
}

/** Records the fixtures do not have: several entries and ranges for one package, limits, lists. */
const SYNTHETIC: Advisory[] = [
  {
    id: 'TEST-2024-0001',
    modified: '2024-01-01T00:00:00Z',
    aliases: ['CVE-2024-0001'],
    affected: [
      // Out of order, two windows, a last_affected and a limit.
      { package: { ecosystem: 'npm', name: 'multi' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1.5.0' }, { introduced: '1.0.0' }, { introduced: '2.0.0' }, { last_affected: '2.3.0' }] }] },
      { package: { ecosystem: 'npm', name: 'multi' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.0' }, { limit: '3.2.0' }] }] },
      { package: { ecosystem: 'npm', name: 'multi' }, versions: ['0.9.1'], ranges: [{ type: 'GIT', repo: 'https://example.org/r', events: [{ introduced: 'abc' }] }] },
      { package: { ecosystem: 'npm', name: 'other' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] },
    ],
  },
  {
    id: 'TEST-2024-0002',
    modified: '2024-01-01T00:00:00Z',
    withdrawn: '2024-02-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'multi' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
  },
  {
    id: 'TEST-2024-0003',
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'PyPI', name: 'Multi_Py' }, versions: ['1.0', '1.1'] }],
  },
]

function fixtureRecords(): { dir: string; record: Advisory }[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'oracle')
    .flatMap((d) =>
      readdirSync(join(FIXTURES, d.name)).map((f) => ({
        dir: d.name,
        record: JSON.parse(readFileSync(join(FIXTURES, d.name, f), 'utf8')) as Advisory,
      })),
    )
}

/** Every version a record names for each package (and neighbours), as packages per OS. */
function probes(records: readonly Advisory[]): Map<string, Package[]> {
  const out = new Map<string, Package[]>()
  for (const r of records) {
    for (const a of r.affected ?? []) {
      if (!a.package) continue
      const eco = a.package.ecosystem
      const type = TYPES[eco.split(':')[0] ?? '']
      if (!type) continue
      const versions = new Set<string>([...(a.versions ?? []), '0.0.1', '99.0'])
      for (const range of a.ranges ?? []) {
        for (const e of range.events) for (const v of Object.values(e)) if (v !== '0' && v !== '*') versions.add(v)
      }
      const list = out.get(eco) ?? []
      for (const v of versions) {
        for (const version of [v, `${v}.1`, `${v}-1`]) {
          list.push({ name: a.package.name, version, type, purl: `pkg:${type}/${a.package.name}@${version}`, licenses: [], locations: [{ path: `p/${list.length}` }], foundBy: 'test' })
        }
      }
      out.set(eco, list)
    }
  }
  return out
}

let store: SqliteAdvisoryStore
const records = [...fixtureRecords().map((f) => f.record), ...SYNTHETIC]
beforeAll(async () => {
  store = openSqliteAdvisoryStore(':memory:')
  await store.put(records)
})
afterAll(() => store.close())

describe('candidate scan', () => {
  const byEcosystem = [...probes(records)]

  it.each(byEcosystem.map(([eco, packages]) => ({ eco, packages })))(
    'gives the port path findings for every version $eco records name',
    async ({ eco, packages }) => {
      const os = OS[eco]
      const fast = await matchPackages(packages, os, store)
      const slow = await matchPackages(packages, os, portOnly(store))

      expect(fast).toEqual(slow)
      expect(fast.length).toBeGreaterThan(0)
    },
  )

  it('reads a record whole only when one of its entries contains the version', async () => {
    const reads: number[] = []
    const counting = Object.assign(portOnly(store), {
      scanCandidates: store.scanCandidates.bind(store),
      getByRefs: (refs: readonly number[]) => (reads.push(...refs), store.getByRefs(refs)),
    })
    const at = (version: string): Package => ({ name: 'multi', version, type: 'npm', purl: `pkg:npm/multi@${version}`, licenses: [], locations: [{ path: version }], foundBy: 'test' })

    const ids = async (version: string): Promise<string[]> => {
      reads.length = 0
      return (await matchPackages([at(version)], undefined, counting)).map((f) => f.id)
    }

    expect(await ids('1.2.0')).toEqual(['CVE-2024-0001'])
    expect(await ids('0.9.1')).toEqual(['CVE-2024-0001'])
    expect(await ids('2.3.0')).toEqual(['CVE-2024-0001'])
    expect(await ids('3.1.9')).toEqual(['CVE-2024-0001'])
    expect(reads).toHaveLength(1)
    for (const v of ['0.9.0', '1.5.0', '2.3.1', '3.2.0']) {
      expect(await ids(v)).toEqual([])
      // The withdrawn record and the out-of-range one are ruled out from their index entries.
      expect(reads).toEqual([])
    }
  })
})
