/**
 * Where Bulwark's registry spends its time on the issue-4 workload: one skopeo push of the test
 * image, then PULLS skopeo pulls, printing wall seconds and the registry process's CPU seconds
 * for each. Run under `node --cpu-prof` (e.g. `npx tsx --cpu-prof bench/registry-profile.ts`)
 * to see the split by function.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureTestImage } from '../test/fixtures.js'
import { TOKENS, startTestRegistry } from '../test/registry-server/harness.js'

const run = promisify(execFile)
const PULLS = Number(process.env.PULLS ?? 5)

async function measured(args: string[]): Promise<string> {
  const t = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  await run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 16 * 1024 * 1024 })
  const d = process.cpuUsage(cpu)
  const wall = Number(process.hrtime.bigint() - t) / 1e9
  return `wall ${wall.toFixed(3)} s, registry cpu ${((d.user + d.system) / 1e6).toFixed(3)} s`
}

const image = await ensureTestImage()
const work = mkdtempSync(join(tmpdir(), 'bulwark-reg-prof-'))
const ours = await startTestRegistry()
const creds = `user:${TOKENS.developer}`
const ref = `docker://${ours.host}/bench/debian:test`
try {
  console.log('push', await measured(['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds, image.ociRef, ref]))
  for (let i = 0; i < PULLS; i++) {
    const out = `oci:${join(work, `pull-${i}`)}:test`
    console.log('pull', await measured(['copy', '--quiet', '--src-tls-verify=false', '--src-creds', creds, ref, out]))
  }
} finally {
  await ours.stop()
  rmSync(work, { recursive: true, force: true })
}
