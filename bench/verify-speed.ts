/**
 * Issue 7 speed figure: `verify` of a cosign-signed image in a local registry (Debian's
 * docker-registry on 127.0.0.1) against fetching the image's manifest alone, in one run.
 * Verify resolves the tag, looks in the `.sig` tag and the referrers API/tag fallback, fetches
 * the payload and checks the ECDSA signature and claims. Printed higher-is-better as
 * manifest seconds ÷ verify seconds (the inverse of "verify costs N manifest fetches"), with floor
 * 0.1: verify may cost at most ten manifest fetches. Each side uses a fresh client per round.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RegistryClient, parseRegistryReference } from '../src/oci/index.js'
import { decryptPrivateKey, generateKeys, parseTrustedKeys, signImage, verifyImage } from '../src/supplychain/index.js'
import { buildImage, writeOciLayout } from '../test/images.js'
import { skopeoPush, startRegistry } from '../test/registry.js'
import { printRatio } from './lib/index.js'

const ROUNDS = 30

async function best(n: number, f: () => Promise<unknown>): Promise<number> {
  let min = Infinity
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint()
    await f()
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9)
  }
  return min
}

const reg = await startRegistry()
const dir = mkdtempSync(join(tmpdir(), 'bulwark-verify-bench-'))
try {
  const img = await buildImage({ layers: [{ files: { 'etc/bench': 'verify' } }] })
  writeOciLayout(join(dir, 'layout'), [{ image: img, tag: 'x' }])
  await skopeoPush(`oci:${join(dir, 'layout')}:x`, reg.host, 'bench/app:v1')
  const keys = await generateKeys('')
  const reference = parseRegistryReference(`${reg.host}/bench/app:v1`)
  const signer = new RegistryClient({ registry: reg.host, insecure: true })
  await signImage({ client: signer, reference, key: { kind: 'cosign', key: await decryptPrivateKey(keys.privatePem, '') } })
  await signer.close()
  const trusted = await parseTrustedKeys(keys.publicPem)

  const fetchManifest = async (): Promise<void> => {
    const c = new RegistryClient({ registry: reg.host, insecure: true })
    await c.getManifest('bench/app', 'v1')
    await c.close()
  }
  const verify = async (): Promise<void> => {
    const c = new RegistryClient({ registry: reg.host, insecure: true })
    const out = await verifyImage({ client: c, reference, keys: trusted })
    await c.close()
    if (out.verified.length !== 1) throw new Error(`verify failed: ${out.failure}`)
  }
  await fetchManifest()
  await verify()
  const manifestSeconds = await best(ROUNDS, fetchManifest)
  const verifySeconds = await best(ROUNDS, verify)
  console.log(`verify ${(verifySeconds * 1000).toFixed(2)} ms, manifest fetch ${(manifestSeconds * 1000).toFixed(2)} ms: verify = ${(verifySeconds / manifestSeconds).toFixed(2)} x manifest fetch`)
  printRatio('verify-vs-manifest-fetch', manifestSeconds / verifySeconds, 0.1)
} finally {
  await reg.stop()
  rmSync(dir, { recursive: true, force: true })
}
