/**
 * Issue 4 speed figure: skopeo push and pull of the test image to Bulwark's built-in registry
 * against Debian's docker-registry (Distribution), in the same run on the same machine. Each
 * round starts both registries fresh (new ports, empty storage, so skopeo's blob-info cache
 * cannot turn uploads into mounts) and times a push then a pull to a new OCI layout. The best
 * round of each decides (the median is printed too). Printed higher-is-better: Distribution seconds ÷ Bulwark seconds, floor
 * 1/1.1 (Bulwark at most 10% slower). Scan-on-push here is the plugin's hook recording the push;
 * the scan itself runs in a background job of `bulwark serve`, not on the push path.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureTestImage } from '../test/fixtures.js'
import { startRegistry } from '../test/registry.js'
import { TOKENS, startTestRegistry } from '../test/registry-server/harness.js'
import { BenchError, printRatio } from './lib/index.js'

const run = promisify(execFile)
const ROUNDS = 5

async function timed(args: string[]): Promise<number> {
  const t = process.hrtime.bigint()
  await run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 16 * 1024 * 1024 })
  return Number(process.hrtime.bigint() - t) / 1e9
}

async function pushPull(src: string, host: string, creds: string[], out: string): Promise<{ push: number; pull: number }> {
  const dest = `docker://${host}/bench/debian:test`
  const push = await timed(['copy', '--quiet', '--dest-tls-verify=false', ...creds.flatMap((c) => ['--dest-creds', c]), src, dest])
  const pull = await timed(['copy', '--quiet', '--src-tls-verify=false', ...creds.flatMap((c) => ['--src-creds', c]), dest, `oci:${out}:test`])
  return { push, pull }
}

async function measureTheirs(round: number): Promise<void> {
  const theirs = await startRegistry()
  try {
    const t = await pushPull(image.ociRef, theirs.host, [], join(work, `theirs-${round}`))
    times.theirsPush.push(t.push)
    times.theirsPull.push(t.pull)
  } finally {
    await theirs.stop()
  }
}

async function measureOurs(round: number): Promise<void> {
  const ours = await startTestRegistry()
  try {
    const o = await pushPull(image.ociRef, ours.host, [`user:${TOKENS.developer}`], join(work, `ours-${round}`))
    if (ours.pushed.length !== 1) throw new BenchError('BENCH_COMMAND_FAILED', `scan-on-push hook saw ${ours.pushed.length} pushes`)
    times.oursPush.push(o.push)
    times.oursPull.push(o.pull)
  } finally {
    await ours.stop()
  }
}

const image = await ensureTestImage()
const work = mkdtempSync(join(tmpdir(), 'bulwark-reg-bench-'))
const times = { oursPush: [] as number[], oursPull: [] as number[], theirsPush: [] as number[], theirsPull: [] as number[] }
const best = (xs: number[]): number => Math.min(...xs)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first so neither side always meets a warmer page cache.
    const sides = [measureTheirs, measureOurs]
    for (const side of round % 2 === 0 ? sides : sides.reverse()) await side(round)
  }
  const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`
  for (const [label, pick] of [['best', best], ['median', median]] as const) {
    console.log(
      `${label} of ${ROUNDS}: push bulwark ${ms(pick(times.oursPush))}, docker-registry ${ms(pick(times.theirsPush))}; ` +
        `pull bulwark ${ms(pick(times.oursPull))}, docker-registry ${ms(pick(times.theirsPull))}`,
    )
  }
  // The verdict uses the best round of each side: on a shared machine it is the least disturbed one.
  printRatio('registry-push-vs-distribution', best(times.theirsPush) / best(times.oursPush), 1 / 1.1)
  printRatio('registry-pull-vs-distribution', best(times.theirsPull) / best(times.oursPull), 1 / 1.1)
} finally {
  rmSync(work, { recursive: true, force: true })
}
