/**
 * Issue 4 speed figure: skopeo push and pull of the test image to Bulwark's built-in registry
 * against Debian's docker-registry (Distribution), in the same run on the same machine.
 * Bulwark runs as users run it: `bulwark serve` in its own process (registry-serve.ts), logging
 * at info, with scan-on-push, so each push really queues and runs a scan. Each round starts
 * both registries fresh (new ports, empty storage, so skopeo's blob-info cache cannot turn
 * uploads into mounts) and times:
 *   push;  pull right after the push (Bulwark's scan of that push is running meanwhile);
 *   pull once the scan has completed and half a second passed (Distribution: a second pull after
 *   the same half second).
 * The BENCH verdicts are push and the pull after the scan, best round of each side (on a shared
 * machine the least disturbed one), higher-is-better: Distribution seconds ÷ Bulwark seconds,
 * floor 1/1.1. The pull during the scan is printed as a figure of its own, without a verdict.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureTestImage } from '../test/fixtures.js'
import { startRegistry } from '../test/registry.js'
import { printRatio } from './lib/index.js'
import { startServe } from './registry-serve.js'

const run = promisify(execFile)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const REPO = 'bench/debian'

interface Times {
  push: number[]
  pullDuringScan: number[]
  pull: number[]
}

/** Both sides rest as long before the timed pull, so neither meets the other's leftover work. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 500))

async function timed(args: string[]): Promise<number> {
  const t = process.hrtime.bigint()
  await run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 16 * 1024 * 1024 })
  return Number(process.hrtime.bigint() - t) / 1e9
}

async function round(t: Times, host: string, creds: string[], tag: string, afterPush: () => Promise<void>): Promise<void> {
  const ref = `docker://${host}/${REPO}:test`
  const src = creds.flatMap((c) => ['--src-creds', c])
  const pull = async (): Promise<number> => {
    const out = join(work, `${tag}-${n++}`)
    const seconds = await timed(['copy', '--quiet', '--src-tls-verify=false', ...src, ref, `oci:${out}:test`])
    rmSync(out, { recursive: true, force: true }) // keep the page cache and the disk to what the next round needs
    return seconds
  }
  t.push.push(await timed(['copy', '--quiet', '--dest-tls-verify=false', ...creds.flatMap((c) => ['--dest-creds', c]), image.ociRef, ref]))
  t.pullDuringScan.push(await pull())
  await afterPush()
  t.pull.push(await pull())
}

async function measureTheirs(): Promise<void> {
  const theirs = await startRegistry()
  try {
    await round(times.theirs, theirs.host, [], 'theirs', () => settle())
  } finally {
    await theirs.stop()
  }
}

async function measureOurs(): Promise<void> {
  const ours = await startServe()
  try {
    await round(times.ours, ours.host, [`user:${ours.token}`], 'ours', async () => {
      await ours.scanned(REPO, 'test')
      await settle()
    })
  } finally {
    await ours.stop()
  }
}

const image = await ensureTestImage()
const work = mkdtempSync(join(tmpdir(), 'bulwark-reg-bench-'))
let n = 0
const times = {
  ours: { push: [], pullDuringScan: [], pull: [] } as Times,
  theirs: { push: [], pullDuringScan: [], pull: [] } as Times,
}
const best = (xs: number[]): number => Math.min(...xs)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
try {
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first so neither side always meets a warmer page cache.
    const sides = [measureTheirs, measureOurs]
    for (const side of r % 2 === 0 ? sides : sides.reverse()) await side()
  }
  const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`
  for (const [label, pick] of [['best', best], ['median', median]] as const) {
    const line = (k: keyof Times): string => `bulwark ${ms(pick(times.ours[k]))}, docker-registry ${ms(pick(times.theirs[k]))}`
    console.log(`${label} of ${ROUNDS}: push ${line('push')}; pull ${line('pull')}; pull during scan-on-push ${line('pullDuringScan')}`)
  }
  printRatio('registry-push-vs-distribution', best(times.theirs.push) / best(times.ours.push), 1 / 1.1)
  printRatio('registry-pull-vs-distribution', best(times.theirs.pull) / best(times.ours.pull), 1 / 1.1)
  const during = best(times.theirs.pullDuringScan) / best(times.ours.pullDuringScan)
  console.log(`registry-pull-during-scan-vs-distribution value=${during.toFixed(3)} (no verdict)`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
