/**
 * Issue 3 speed figure: `db update` of 200,000 generated OSV records in the real schema (CVE
 * aliases, CVSS vectors, ECOSYSTEM/SEMVER ranges, references; six ecosystems, one all.zip each as
 * the OSV bucket serves them) — records per second (floor 20,000) and the database size.
 * bench/vuln-match.ts reuses `generateRecords` and `buildDatabase`.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteAdvisoryStore } from '../src/store/advisory/index.js'
import { updateDatabase } from '../src/vuln/index.js'
import { writeZip } from '../test/zip.js'
import { printRatio } from './lib/index.js'

/** Ecosystem, package-name maker and version maker of the generated records. */
export const ECOSYSTEMS = [
  { eco: 'npm', name: (n: number) => `pkg-${n}`, ver: (a: number, b: number) => `${a}.${b}.0` },
  { eco: 'PyPI', name: (n: number) => `py-pkg-${n}`, ver: (a: number, b: number) => `${a}.${b}` },
  { eco: 'Go', name: (n: number) => `github.com/org${n % 97}/mod-${n}`, ver: (a: number, b: number) => `${a}.${b}.0` },
  { eco: 'Maven', name: (n: number) => `org.example${n % 89}:lib-${n}`, ver: (a: number, b: number) => `${a}.${b}.0` },
  { eco: 'Debian:12', name: (n: number) => `src-${n}`, ver: (a: number, b: number) => `${a}.${b}-1+deb12u1` },
  { eco: 'Alpine:v3.18', name: (n: number) => `apk-${n}`, ver: (a: number, b: number) => `${a}.${b}.0-r1` },
] as const

/** Distinct package names per ecosystem: about 6 records per package, as in real feeds. */
export const NAMES_PER_ECOSYSTEM = 5_500

const VECTORS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N']

/** Record i as OSV JSON (schema 1.6): one affected package with one range. */
export function generateRecord(i: number): { eco: string; json: string } {
  const e = ECOSYSTEMS[i % ECOSYSTEMS.length] ?? ECOSYSTEMS[0]
  const n = Math.floor(i / ECOSYSTEMS.length) % NAMES_PER_ECOSYSTEM
  const cve = `CVE-${2015 + (i % 10)}-${100000 + i}`
  const os = e.eco.includes(':')
  const record = {
    schema_version: '1.6.0',
    id: os ? `${e.eco.startsWith('Debian') ? 'DEBIAN' : 'ALPINE'}-${cve}` : `GHSA-gen${i.toString(36).padStart(4, '0')}-xxxx-yyyy`,
    modified: '2024-06-01T12:00:00Z',
    published: '2023-01-15T08:00:00Z',
    ...(os ? { upstream: [cve] } : { aliases: [cve] }),
    summary: `Generated vulnerability ${i} in ${e.name(n)}`,
    details: `A flaw in ${e.name(n)} allows a remote attacker to cause a denial of service via crafted input. `.repeat(2),
    ...(os ? {} : { severity: [{ type: 'CVSS_V3', score: VECTORS[i % 2] }] }),
    affected: [
      {
        package: { ecosystem: e.eco, name: e.name(n) },
        ranges: [{ type: e.eco === 'npm' || e.eco === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: e.ver(1 + (i % 7), i % 13) }] }],
        ...(os ? {} : { database_specific: { source: 'generated' } }),
      },
    ],
    references: [{ type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/${cve}` }, { type: 'WEB', url: `https://example.org/advisories/${i}` }],
  }
  return { eco: e.eco, json: JSON.stringify(record) }
}

/** One zip per base ecosystem (as the OSV bucket serves `<ECOSYSTEM>/all.zip`) in `dir`. */
export function generateZips(dir: string, count: number): string[] {
  const files = new Map<string, { name: string; data: string }[]>()
  for (let i = 0; i < count; i++) {
    const { eco, json } = generateRecord(i)
    const list = files.get(eco) ?? []
    list.push({ name: `${i}.json`, data: json })
    files.set(eco, list)
  }
  return [...files].map(([eco, list]) => {
    const path = join(dir, `${eco.replace(/[:.]/g, '_')}.zip`)
    writeFileSync(path, writeZip(list))
    return path
  })
}

/** Builds the advisory database from the zips the way `db update` does; returns seconds taken. */
export async function buildDatabase(db: string, zips: readonly string[]): Promise<number> {
  const start = performance.now()
  const report = await updateDatabase({ path: db, sources: zips, openStore: (p) => openSqliteAdvisoryStore(p) })
  const failed = report.sources.filter((s) => s.status === 'failed')
  if (failed.length > 0) throw new Error(`import failed: ${JSON.stringify(failed)}`)
  return (performance.now() - start) / 1000
}

export const RECORDS = 200_000

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-vuln-'))
  try {
    const zips = generateZips(dir, RECORDS)
    const db = join(dir, 'advisories.db')
    const seconds = await buildDatabase(db, zips)
    const size = statSync(db).size / 1024 / 1024
    console.log(`import of ${RECORDS} OSV records: ${seconds.toFixed(2)} s, ${(RECORDS / seconds).toFixed(0)} records/s, database ${size.toFixed(1)} MiB (${((size * 1024 * 1024) / RECORDS).toFixed(0)} bytes/record)`)
    printRatio('vuln-import-records-per-second', RECORDS / seconds, 20_000)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
