/**
 * Server side of the pull alone: after one skopeo push to each registry, GET the largest layer
 * with curl ROUNDS times, alternating Bulwark and Distribution, and print the median seconds.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureTestImage } from '../test/fixtures.js'
import { startRegistry } from '../test/registry.js'
import { TOKENS, startTestRegistry } from '../test/registry-server/harness.js'

const run = promisify(execFile)
const ROUNDS = Number(process.env.ROUNDS ?? 9)

async function curlSeconds(url: string, auth: string[]): Promise<number> {
  const { stdout } = await run('curl', ['-sf', '-o', '/dev/null', '-w', '%{time_total}', ...auth, url])
  return Number(stdout)
}

const image = await ensureTestImage()
const ociDir = image.ociRef.replace(/^oci:/, '').replace(/:[^:/]*$/, '')
const index = JSON.parse(readFileSync(join(ociDir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] }
const manifestDigest = index.manifests[0]!.digest
const manifest = JSON.parse(readFileSync(join(ociDir, 'blobs', ...manifestDigest.split(':')), 'utf8')) as {
  layers: { digest: string; size: number }[]
}
const layer = manifest.layers.reduce((a, b) => (b.size > a.size ? b : a))
const ours = await startTestRegistry()
const theirs = await startRegistry()
try {
  const creds = `user:${TOKENS.developer}`
  await run('skopeo', ['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds, image.ociRef, `docker://${ours.host}/b/d:t`])
  await run('skopeo', ['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', image.ociRef, `docker://${theirs.host}/b/d:t`])
  const o: number[] = []
  const t: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    o.push(await curlSeconds(`${ours.url}/v2/b/d/blobs/${layer.digest}`, ['-u', creds]))
    t.push(await curlSeconds(`${theirs.url}/v2/b/d/blobs/${layer.digest}`, []))
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(`GET ${layer.size} bytes, median of ${ROUNDS}: bulwark ${med(o).toFixed(3)} s, docker-registry ${med(t).toFixed(3)} s`)
} finally {
  await ours.stop()
  await theirs.stop()
}
