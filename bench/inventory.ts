/**
 * Issue 2 speed figures, measured in one run on the real test image (and the ~1 GB image):
 * - whole-image inventory ÷ `gzip -dc` of the same layers: at most 1.5 (printed as gzip/bulwark >= 0.667)
 * - a second scan of an unchanged image (layer cache by diffID) ÷ the first: at most 0.2 (first/second >= 5)
 * - peak memory on a 1 GB image under 300 MB (printed as 300 / peak MiB >= 1)
 * Run: npm run bench (builds dist/ first so the CLI starts as users run it).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureTestImage } from '../test/fixtures.js'
import { gzipBaseline, printRatio, timeCommand } from './lib/index.js'

const cli = join(import.meta.dirname, '..', 'bin', 'bulwark.cjs')

async function sbom(image: string, args: string[]) {
  return timeCommand(process.execPath, [cli, 'sbom', image, '--format', 'json', '--output', '/dev/null', '--quiet', ...args])
}

async function best(n: number, f: () => Promise<{ wallSeconds: number }>): Promise<number> {
  let min = Infinity
  for (let i = 0; i < n; i++) min = Math.min(min, (await f()).wallSeconds)
  return min
}

const test = await ensureTestImage()
const gzip = await best(3, async () => ({ wallSeconds: await gzipBaseline(test.ociRef) }))
const cold = await best(3, () => sbom(test.ociRef, ['--no-cache']))
console.log(`inventory ${cold.toFixed(3)} s, gzip -dc ${gzip.toFixed(3)} s: ratio ${(cold / gzip).toFixed(3)} (ceiling 1.5)`)
printRatio('inventory-vs-gzip', gzip / cold, 1 / 1.5)

// The first scan of each round fills a fresh cache; the rescans read the last one. Best of 3
// first scans against best of 5 rescans: both sides measured several times.
const caches: string[] = []
try {
  let first = Infinity
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-cache-'))
    caches.push(dir)
    first = Math.min(first, (await sbom(test.ociRef, ['--cache-dir', dir])).wallSeconds)
  }
  const last = caches[caches.length - 1] as string
  const second = await best(5, () => sbom(test.ociRef, ['--cache-dir', last]))
  console.log(`first scan ${first.toFixed(3)} s, cached ${second.toFixed(3)} s: ratio ${(second / first).toFixed(3)} (ceiling 0.2)`)
  printRatio('cached-rescan', first / second, 5)
} finally {
  for (const dir of caches) rmSync(dir, { recursive: true, force: true })
}

const scripts = join(import.meta.dirname, '..', 'scripts', 'fixtures')
const bigDir = execFileSync('bash', [join(scripts, 'build-big-image.sh')], { encoding: 'utf8' }).trim()
const run = await sbom(`oci:${bigDir}:big`, ['--no-cache'])
console.log(`1 GB image: ${run.wallSeconds.toFixed(1)} s, peak RSS ${run.peakRssMiB.toFixed(0)} MiB (ceiling 300)`)
printRatio('peak-memory-1gb', 300 / run.peakRssMiB, 1)
