import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Digest } from '../../src/core/index.js'
import { RegistryClient } from '../../src/oci/index.js'
import { COSIGN, attachmentTag, decryptPrivateKey, findAttachments, signBytes, toCosignPayload } from '../../src/supplychain/index.js'
import { hasTool, startRegistry } from '../registry.js'
import type { RunningRegistry } from '../registry.js'
import { keygen, pushImage, tempDir } from './fixtures.js'
import { sc } from './harness.js'
import { startLyingRegistry } from './lying-registry.js'
import type { LyingRegistry } from './lying-registry.js'

const ready = hasTool('docker-registry') && hasTool('skopeo')
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

describe.runIf(ready)('lying registries and OCI 1.1 referrers', () => {
  let reg: RunningRegistry
  let liar: LyingRegistry
  let client: RegistryClient
  const dir = tempDir('lies')
  let k: { key: string; pub: string }
  let d1 = ''
  let d2 = ''

  beforeAll(async () => {
    reg = await startRegistry()
    liar = await startLyingRegistry(reg.url)
    client = new RegistryClient({ registry: reg.host, insecure: true })
    d1 = await pushImage(reg, dir, 'team/app:v1', 'one')
    d2 = await pushImage(reg, dir, 'team/app:v2', 'two')
    k = await keygen(dir, 'k')
    const s = await sc(['sign', `${reg.host}/team/app:v1`, '--key', k.key, '--insecure'], { BULWARK_PASSWORD: 'pw' })
    if (s.code !== 0) throw new Error(s.stderr)
  }, 120_000)

  afterAll(async () => {
    await client?.close()
    await liar?.stop()
    await reg?.stop()
  })

  it('passes through an honest front (the signature names the front host)', async () => {
    const r = await sc(['verify', `${liar.host}/team/app:v1`, '--key', k.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`the signature is for ${reg.host}/team/app, not ${liar.host}/team/app`)
  })

  it('fails when the registry serves different bytes for the tag than the digest it claims', async () => {
    const other = await client.getManifest('team/app', d2)
    liar.lies.set('/v2/team/app/manifests/v1', { body: other.bytes, headers: { 'content-type': OCI_MANIFEST, 'docker-content-digest': d1 } })

    const r = await sc(['verify', `${liar.host}/team/app:v1`, '--key', k.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain('whose content does not match its digest (changed manifest)')
    liar.lies.clear()
  })

  it('fails when the registry serves another manifest for the tag with the real signatures beside it', async () => {
    const other = await client.getManifest('team/app', d2)
    const sig = await client.getManifest('team/app', attachmentTag(d1, 'sig'))
    liar.lies.set('/v2/team/app/manifests/v1', { body: other.bytes, headers: { 'content-type': OCI_MANIFEST, 'docker-content-digest': d2 } })
    liar.lies.set(`/v2/team/app/manifests/${attachmentTag(d2, 'sig')}`, { body: sig.bytes, headers: { 'content-type': OCI_MANIFEST, 'docker-content-digest': sig.digest } })

    const r = await sc(['verify', `${liar.host}/team/app:v1`, '--key', k.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`the signature covers ${d1}, but ${liar.host}/team/app:v1 resolves to ${d2}: the manifest was changed or the tag moved`)
    liar.lies.clear()
  })

  async function referringManifest(repo: string, subject: string): Promise<{ index: Buffer; manifestDigest: string; size: number }> {
    const key = await decryptPrivateKey(readFileSync(k.key, 'utf8'), 'pw')
    const payload = toCosignPayload(`${reg.host}/${repo}`, subject)
    const empty = Buffer.from('{}')
    await client.uploadBlob(repo, sha256Digest(payload), payload)
    await client.uploadBlob(repo, sha256Digest(empty), empty)
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: COSIGN.cosignArtifactSig,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest(empty), size: 2 },
        layers: [{ mediaType: COSIGN.simpleSigning, digest: sha256Digest(payload), size: payload.length, annotations: { [COSIGN.signatureAnnotation]: signBytes(key, payload).toString('base64') } }],
        subject: { mediaType: OCI_MANIFEST, digest: subject, size: (await client.getManifest(repo, subject)).bytes.length },
      }),
    )
    const manifestDigest = await client.putManifest(repo, sha256Digest(manifest), manifest, OCI_MANIFEST)
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifest.length, artifactType: COSIGN.cosignArtifactSig }] }))
    return { index, manifestDigest, size: manifest.length }
  }

  it('finds a signature through the referrers tag fallback and records that layout', async () => {
    const d = await pushImage(reg, dir, 'team/reftag:v1', 'reftag')
    const { index } = await referringManifest('team/reftag', d)
    await client.putManifest('team/reftag', d.replace(':', '-'), index, OCI_INDEX)

    const found = await findAttachments(client, 'team/reftag', d, 'sig')
    const r = await sc(['verify', `${reg.host}/team/reftag:v1`, '--key', k.pub, '--insecure'])

    expect(found.layouts).toEqual(['referrers-tag'])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { layout: string }[])[0]?.layout).toBe('referrers-tag')
  })

  it('finds a signature through the OCI 1.1 referrers API and records that layout', async () => {
    const d = await pushImage(reg, dir, 'team/refapi:v1', 'refapi')
    const { index } = await referringManifest('team/refapi', d)
    liar.lies.set(`/v2/team/refapi/referrers/${d}`, { body: index, headers: { 'content-type': OCI_INDEX } })
    const viaLiar = new RegistryClient({ registry: liar.host, insecure: true })

    const found = await findAttachments(viaLiar, 'team/refapi', d, 'sig')
    await viaLiar.close()

    expect(found.layouts).toEqual(['referrers-api'])
    expect(found.layers.map((l) => l.mediaType)).toEqual([COSIGN.simpleSigning])
    liar.lies.clear()
  })

  it('records no layout for an image with nothing attached', async () => {
    const found = await findAttachments(client, 'team/app', d2, 'sig')

    expect(found).toEqual({ layouts: [], layers: [] })
  })
})
