/**
 * Content checks must add at most 30% to inventory time on the test image (issue 6). Runs the
 * inventory alone and with the content scanners, alternating, in one process (same warm state),
 * and prints `BENCH content-overhead value=<inventory s / inventory+content s> floor=0.769`.
 * Usage: node --import tsx bench/content-overhead.ts [oci:DIR:TAG] [rounds]
 */
import { contentScanners } from '../src/content/index.js'
import type { LayerScanner } from '../src/inventory/index.js'
import { analyzers, inventoryImage } from '../src/inventory/index.js'
import { openImage } from '../src/oci/index.js'
import { ensureTestImage } from '../test/fixtures.js'
import { printRatio } from './lib/index.js'

const MAX_OVERHEAD = 0.3

async function timeInventory(ref: string, scanners: readonly LayerScanner[]): Promise<number> {
  const source = await openImage(ref, {})
  try {
    const start = performance.now()
    await inventoryImage(source, { analyzers, scanners })
    return (performance.now() - start) / 1000
  } finally {
    await source.close()
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

async function main(): Promise<void> {
  const ref = process.argv[2] || (await ensureTestImage()).ociRef
  const rounds = Number(process.argv[3] ?? 5)
  const scanners = contentScanners()
  await timeInventory(ref, scanners) // warm-up: JIT and page cache for both variants
  const plain: number[] = []
  const content: number[] = []
  for (let i = 0; i < rounds; i++) {
    plain.push(await timeInventory(ref, []))
    content.push(await timeInventory(ref, scanners))
  }
  const p = median(plain)
  const c = median(content)
  console.log(`inventory ${p.toFixed(3)} s, inventory+content ${c.toFixed(3)} s, overhead ${(((c - p) / p) * 100).toFixed(1)}% (median of ${rounds})`)
  printRatio('content-overhead', p / c, 1 / (1 + MAX_OVERHEAD))
}

await main()
