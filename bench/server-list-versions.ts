/**
 * Listing 10,000 image versions through the API (issue 4): one repository with 10,000 tags, each
 * with a manifest and a completed scan, on SQLite and on PostgreSQL. Measures over real HTTP
 * the full listing and a 100-version page; prints p95 and checks it against a latency budget
 * (value = budget / p95, so higher is better and 1 is the floor).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type BulwarkServer } from '../src/app/index.js'
import { dropPostgresSchema } from '../src/store/index.js'
import { printRatio } from './lib/index.js'

const VERSIONS = 10_000
const REPO = 'bench/app'
const PG_URL = process.env.BULWARK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'
/** Budgets in ms on a shared 2-core machine: a page must feel instant; the full 10,000-row table within seconds. */
const BUDGET = { full: 2500, page: 100 }

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

async function seed(server: BulwarkServer): Promise<void> {
  const { registry, scans } = server.store
  const one = async (i: number): Promise<void> => {
    await registry.putManifest({
      repository: REPO, digest: digest(i), mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 400, totalSize: 50_000_000 + i, configDigest: digest(VERSIONS + i), references: [digest(VERSIONS + i)],
      createdAt: new Date().toISOString(),
    })
    await registry.setTag(REPO, `v${String(i).padStart(5, '0')}`, digest(i))
    const scan = await scans.createScan(REPO, digest(i))
    await scans.completeScan(scan.id, { report: '{}', counts: { critical: i % 3, high: i % 7 }, newFindings: [], fixedFindings: [] })
  }
  for (let i = 0; i < VERSIONS; i += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => one(i + k)))
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN
}

async function time(url: string, token: string, runs: number): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`)
    samples.push(performance.now() - t0)
  }
  return p95(samples)
}

async function bench(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-'))
  const schema = `bench_${process.pid}`
  const token = 'bwk_bench-admin-token-0123456789abcdef0123456789'
  const server = await createServer({
    host: '127.0.0.1', port: 0, dataDir: dir, logLevel: 'silent', version: 'bench', adminToken: token,
    ...(dialect === 'postgres' ? { dbUrl: PG_URL, dbSchema: schema } : {}),
  })
  try {
    const t0 = performance.now()
    await seed(server)
    console.log(`${dialect}: seeded ${VERSIONS} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const base = await server.start()
    const versions = `${base}/api/v1/repositories/${encodeURIComponent(REPO)}/versions`
    await time(versions, token, 3) // warm-up
    const full = await time(versions, token, 30)
    const page = await time(`${versions}?n=100&last=v05000`, token, 100)
    console.log(`${dialect}: p95 full listing of ${VERSIONS} versions ${full.toFixed(1)} ms, p95 page of 100 ${page.toFixed(1)} ms`)
    printRatio(`server-list-versions-${dialect}-full`, BUDGET.full / full, 1)
    printRatio(`server-list-versions-${dialect}-page`, BUDGET.page / page, 1)
  } finally {
    await server.stop()
    if (dialect === 'postgres') await dropPostgresSchema(PG_URL, schema)
    rmSync(dir, { recursive: true, force: true })
  }
}

await bench('sqlite')
await bench('postgres')
