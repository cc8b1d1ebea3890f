/**
 * Issue 3 speed figure: matching 2,000 packages (six ecosystems, most of them with advisories)
 * against the 200,000-record database of bench/vuln-import.ts, divided by the inventory time of
 * the real test image (both in process, best of 3). Matching must take at most half of reading
 * the image: printed as inventory / matching >= 2.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger, toPurl, type Package, type PackageType } from '../src/core/index.js'
import { analyzers } from '../src/inventory/index.js'
import { scanImage } from '../src/scan/index.js'
import { openSqliteAdvisoryStore } from '../src/store/advisory/index.js'
import { matchPackages } from '../src/vuln/index.js'
import { ensureTestImage } from '../test/fixtures.js'
import { printRatio } from './lib/index.js'
import { buildDatabase, ECOSYSTEMS, generateZips, NAMES_PER_ECOSYSTEM, RECORDS } from './vuln-import.js'

const PACKAGES = 2_000
const TYPES: readonly PackageType[] = ['npm', 'pypi', 'golang', 'maven', 'deb', 'apk']

/** Package i: ecosystem i % 6, a name the database holds, a version inside or past the ranges. */
function makePackage(i: number): Package {
  const e = ECOSYSTEMS[i % ECOSYSTEMS.length] ?? ECOSYSTEMS[0]
  const type = TYPES[i % TYPES.length] ?? 'npm'
  const full = e.name((i * 7919) % NAMES_PER_ECOSYSTEM)
  const version = e.ver(1 + (i % 9), i % 11)
  const [namespace, name] = type === 'maven' ? full.split(':') : [undefined, full]
  const os = type === 'deb' || type === 'apk'
  return {
    name: name ?? full,
    version,
    type,
    purl: toPurl({ type, namespace: os ? (type === 'deb' ? 'debian' : 'alpine') : namespace, name: name ?? full, version }),
    ...(namespace ? { namespace } : {}),
    licenses: [],
    ...(os ? { source: { name: full, version } } : {}),
    locations: [{ path: `pkgs/${i}` }],
    foundBy: 'bench',
  }
}

async function best(n: number, f: () => Promise<unknown>): Promise<number> {
  let min = Infinity
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    await f()
    min = Math.min(min, (performance.now() - start) / 1000)
  }
  return min
}

const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-match-'))
try {
  const db = join(dir, 'advisories.db')
  await buildDatabase(db, generateZips(dir, RECORDS))
  const image = await ensureTestImage()
  const inventory = await best(3, () =>
    scanImage({ reference: image.ociRef, open: {}, analyzers, log: silentLogger, toolVersion: 'bench' }),
  )
  const packages = Array.from({ length: PACKAGES }, (_, i) => makePackage(i))
  let findings = 0
  const matching = await best(3, async () => {
    const store = openSqliteAdvisoryStore(db, { readonly: true })
    try {
      findings = (await matchPackages(packages, { family: 'debian', version: '12' }, store)).length
    } finally {
      store.close()
    }
  })
  console.log(`matching ${PACKAGES} packages against ${RECORDS} records: ${matching.toFixed(3)} s (${findings} findings); inventory of the test image ${inventory.toFixed(3)} s; ratio ${(matching / inventory).toFixed(3)} (ceiling 0.5)`)
  printRatio('vuln-match-vs-inventory', inventory / matching, 2)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
