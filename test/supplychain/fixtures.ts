/** Shared setup for supply-chain tests: small images pushed with skopeo, keys made by keygen. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RegistryClient } from '../../src/oci/index.js'
import { buildImage, writeOciLayout } from '../images.js'
import { skopeoPush } from '../registry.js'
import type { RunningRegistry } from '../registry.js'
import { sc } from './harness.js'

/** A temp dir for one test file. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bulwark-${prefix}-`))
}

/** Builds a one-file image whose content depends on `seed`, pushes it as HOST/REPO:TAG, returns its digest. */
export async function pushImage(reg: RunningRegistry, dir: string, repoTag: string, seed: string): Promise<string> {
  const img = await buildImage({ layers: [{ files: { 'etc/seed': seed } }], config: { Labels: { seed } } })
  const layout = join(dir, `layout-${seed}`)
  writeOciLayout(layout, [{ image: img, tag: 'x' }])
  await skopeoPush(`oci:${layout}:x`, reg.host, repoTag)
  const [repo = '', tag = ''] = repoTag.split(':')
  const client = new RegistryClient({ registry: reg.host, insecure: true })
  try {
    return (await client.getManifest(repo, tag)).digest
  } finally {
    await client.close()
  }
}

/** Runs `bulwark keygen` into `dir/prefix.{key,pub}` with password `password`. */
export async function keygen(dir: string, prefix: string, password = 'pw'): Promise<{ key: string; pub: string }> {
  const r = await sc(['keygen', '--output-prefix', join(dir, prefix)], { BULWARK_PASSWORD: password })
  if (r.code !== 0) throw new Error(`keygen failed: ${r.stderr}`)
  return { key: join(dir, `${prefix}.key`), pub: join(dir, `${prefix}.pub`) }
}
