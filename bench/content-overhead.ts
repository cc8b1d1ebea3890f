/**
 * Content checks must add at most 30% to inventory time on the test image (issue 6). Runs the
 * inventory alone and with the content scanners, alternating, in one process (same warm state),
 * and prints `BENCH content-overhead value=<inventory s / inventory+content s> floor=0.769` (wall
 * clock, minimum of the rounds) and the same ratio of process CPU time (`content-overhead-cpu`).
 * Usage: node --import tsx bench/content-overhead.ts [oci:DIR:TAG] [rounds]
 */
import { contentScanners } from '../src/content/index.js'
import type { LayerScanner } from '../src/inventory/index.js'
import { analyzers, inventoryImage } from '../src/inventory/index.js'
import { openImage } from '../src/oci/index.js'
import { ensureTestImage } from '../test/fixtures.js'
import { printRatio } from './lib/index.js'

const MAX_OVERHEAD = 0.3

interface Timing {
  readonly wall: number
  /** User + system CPU seconds of the process (zlib's thread-pool work included). */
  readonly cpu: number
}

async function timeInventory(ref: string, scanners: readonly LayerScanner[]): Promise<Timing> {
  const source = await openImage(ref, {})
  try {
    const start = performance.now()
    const cpu0 = process.cpuUsage()
    await inventoryImage(source, { analyzers, scanners })
    const cpu = process.cpuUsage(cpu0)
    return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }
  } finally {
    await source.close()
  }
}

// The minimum is the estimate least disturbed by other load on a shared machine.
function min(xs: readonly number[]): number {
  return Math.min(...xs)
}

async function main(): Promise<void> {
  const ref = process.argv[2] || (await ensureTestImage()).ociRef
  const rounds = Number(process.argv[3] ?? 5)
  const scanners = contentScanners()
  await timeInventory(ref, scanners) // warm-up: JIT and page cache for both variants
  const plain: Timing[] = []
  const content: Timing[] = []
  for (let i = 0; i < rounds; i++) {
    plain.push(await timeInventory(ref, []))
    content.push(await timeInventory(ref, scanners))
  }
  const p = min(plain.map((t) => t.wall))
  const c = min(content.map((t) => t.wall))
  const pc = min(plain.map((t) => t.cpu))
  const cc = min(content.map((t) => t.cpu))
  const pct = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)}%`
  console.log(`inventory ${p.toFixed(3)} s, inventory+content ${c.toFixed(3)} s: wall overhead ${pct(p, c)}; CPU ${pc.toFixed(3)} s vs ${cc.toFixed(3)} s: CPU overhead ${pct(pc, cc)} (min of ${rounds})`)
  printRatio('content-overhead', p / c, 1 / (1 + MAX_OVERHEAD))
  printRatio('content-overhead-cpu', pc / cc, 1 / (1 + MAX_OVERHEAD))
}

await main()
