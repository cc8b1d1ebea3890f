import { execFileSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryClient } from '../../src/oci/index.js'
import { COSIGN, attachmentTag, decryptPrivateKey, parseAttachmentLayers, toAttachmentManifest } from '../../src/supplychain/index.js'
import { hasTool, startRegistry } from '../registry.js'
import type { RunningRegistry } from '../registry.js'
import { keygen, pushImage, tempDir } from './fixtures.js'
import { sc } from './harness.js'

const ready = hasTool('docker-registry') && hasTool('skopeo')
const ENV = { BULWARK_PASSWORD: 'pw' }

describe.runIf(ready)('cosign signing against docker-registry', () => {
  let reg: RunningRegistry
  let client: RegistryClient
  const dir = tempDir('cosign')
  let k1: { key: string; pub: string }
  let k2: { key: string; pub: string }
  let k3: { key: string; pub: string }
  let d1 = ''
  let d2 = ''

  beforeAll(async () => {
    reg = await startRegistry()
    client = new RegistryClient({ registry: reg.host, insecure: true })
    d1 = await pushImage(reg, dir, 'team/app:v1', 'one')
    d2 = await pushImage(reg, dir, 'team/app:v2', 'two')
    ;[k1, k2, k3] = [await keygen(dir, 'k1'), await keygen(dir, 'k2'), await keygen(dir, 'k3')]
  }, 120_000)

  afterAll(async () => {
    await client?.close()
    await reg?.stop()
  })

  it('signs, then verifies and prints the verified payload', async () => {
    const s = await sc(['sign', `${reg.host}/team/app:v1`, '--key', k1.key, '--insecure', '-a', 'env=prod'], ENV)
    const v = await sc(['verify', `${reg.host}/team/app:v1`, '--key', k1.pub, '--insecure'])

    expect(s).toMatchObject({ code: 0 })
    expect(v.code).toBe(0)
    const payloads = JSON.parse(v.stdout) as { critical: { image: Record<string, string>; identity: Record<string, string> }; optional: unknown; layout: string }[]
    expect(payloads).toHaveLength(1)
    expect(payloads[0]?.critical.image['docker-manifest-digest']).toBe(d1)
    expect(payloads[0]?.critical.identity['docker-reference']).toBe(`${reg.host}/team/app`)
    expect(payloads[0]?.optional).toEqual({ env: 'prod' })
    expect(payloads[0]?.layout).toBe('cosign-tag')
  })

  it('appends a second signature instead of overwriting, in the byte layout cosign writes', async () => {
    const s = await sc(['sign', `${reg.host}/team/app@${d1}`, '--key', k2.key, '--insecure'], ENV)
    const m = await client.getManifest('team/app', attachmentTag(d1, 'sig'))

    const layers = parseAttachmentLayers(m.bytes)
    expect(s.code).toBe(0)
    expect(layers.map((l) => l.mediaType)).toEqual([COSIGN.simpleSigning, COSIGN.simpleSigning])
    expect(m.bytes.toString()).toBe(toAttachmentManifest(layers).manifest.toString())
    expect((await sc(['verify', `${reg.host}/team/app:v1`, '--key', k2.pub, '--insecure'])).code).toBe(0)
    const both = await sc(['verify', `${reg.host}/team/app:v1`, '--key', k1.pub, '--key', k2.pub, '--insecure'])
    expect(JSON.parse(both.stdout)).toHaveLength(2)
  })

  it('signs with a key cosign generated (empty password); openssl verifies the stored payload', async () => {
    const cosignKey = join(import.meta.dirname, '../../src/supplychain/testdata/cosign-keys/rs-cosign-empty.key')
    const pub = createPublicKey(await decryptPrivateKey(readFileSync(cosignKey, 'utf8'), '')).export({ format: 'pem', type: 'spki' }).toString()
    writeFileSync(join(dir, 'cosign-made.pub'), pub)
    const d = await pushImage(reg, dir, 'team/cosignkey:v1', 'cosign-key')

    const s = await sc(['sign', `${reg.host}/team/cosignkey:v1`, '--key', cosignKey, '--insecure'], { BULWARK_PASSWORD: '' })
    const v = await sc(['verify', `${reg.host}/team/cosignkey:v1`, '--key', join(dir, 'cosign-made.pub'), '--insecure'])
    const [layer] = parseAttachmentLayers((await client.getManifest('team/cosignkey', attachmentTag(d, 'sig'))).bytes)
    writeFileSync(join(dir, 'payload'), await client.getBlobBytes('team/cosignkey', layer?.digest ?? ''))
    writeFileSync(join(dir, 'sig.der'), Buffer.from(layer?.annotations?.[COSIGN.signatureAnnotation] ?? '', 'base64'))
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'cosign-made.pub'), '-signature', join(dir, 'sig.der'), join(dir, 'payload')]).toString()

    expect([s.code, v.code]).toEqual([0, 0])
    expect(openssl.trim()).toBe('Verified OK')
    expect(readFileSync(join(dir, 'payload'), 'utf8')).toBe(`{"critical":{"identity":{"docker-reference":"${reg.host}/team/cosignkey"},"image":{"docker-manifest-digest":"${d}"},"type":"cosign container image signature"},"optional":null}`)
  })

  it.each([
    { name: 'an unsigned image', args: () => [`${reg.host}/team/app:v2`, '--key', k1.pub], want: () => 'no signatures found' },
    { name: 'a signature from an untrusted key', args: () => [`${reg.host}/team/app:v1`, '--key', k3.pub], want: () => 'not made by a trusted key' },
    { name: 'a tag moved away from the pinned digest', args: () => [`${reg.host}/team/app:v2@${d1}`, '--key', k1.pub], want: () => `tag ${reg.host}/team/app:v2 moved: it now points to ${d2}` },
  ])('fails (exit 1) on $name, naming it', async ({ args, want }) => {
    const r = await sc(['verify', ...args(), '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(want())
  })

  it('fails on a changed manifest carrying the old signatures (replayed .sig)', async () => {
    const sig = await client.getManifest('team/app', attachmentTag(d1, 'sig'))
    await client.putManifest('team/app', attachmentTag(d2, 'sig'), sig.bytes, COSIGN.ociManifest)

    const r = await sc(['verify', `${reg.host}/team/app:v2`, '--key', k1.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`the signature covers ${d1}, but ${reg.host}/team/app:v2 resolves to ${d2}: the manifest was changed or the tag moved`)
  })

  it('fails on a truncated signature', async () => {
    const d3 = await pushImage(reg, dir, 'team/trunc:v1', 'three')
    await sc(['sign', `${reg.host}/team/trunc:v1`, '--key', k1.key, '--insecure'], ENV)
    const m = await client.getManifest('team/trunc', attachmentTag(d3, 'sig'))
    const layers = parseAttachmentLayers(m.bytes).map((l) => ({ ...l, annotations: { [COSIGN.signatureAnnotation]: (l.annotations?.[COSIGN.signatureAnnotation] ?? '').slice(0, 40) } }))
    const built = toAttachmentManifest(layers)
    await client.uploadBlob('team/trunc', built.configDigest, built.config)
    await client.putManifest('team/trunc', attachmentTag(d3, 'sig'), built.manifest, COSIGN.ociManifest)

    const r = await sc(['verify', `${reg.host}/team/trunc:v1`, '--key', k1.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain('the signature is truncated or malformed')
  })

  it.each([
    { name: 'a missing key file', args: () => ['verify', `${reg.host}/team/app:v1`, '--key', join(dir, 'nope.pub'), '--insecure'] },
    { name: 'a key file that is not a key', args: () => ['verify', `${reg.host}/team/app:v1`, '--key', join(dir, 'layout-one', 'oci-layout'), '--insecure'] },
    { name: 'an unreachable registry', args: () => ['verify', '127.0.0.1:9/team/app:v1', '--key', k1.pub, '--insecure'] },
    { name: 'a missing image', args: () => ['verify', `${reg.host}/team/none:v1`, '--key', k1.pub, '--insecure'] },
    { name: 'a wrong key password', args: () => ['sign', `${reg.host}/team/app:v1`, '--key', k1.key, '--insecure'], env: { BULWARK_PASSWORD: 'wrong' } },
    { name: 'no password and no terminal', args: () => ['keygen', '--output-prefix', join(dir, 'k4')], env: {} },
    { name: 'a non-registry reference', args: () => ['sign', `oci:${dir}`, '--key', k1.key], env: ENV },
  ])('exits 2 on $name', async ({ args, env }) => {
    const r = await sc(args(), env ?? {})

    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bulwark: /)
  }, 60_000)

  it('verifies a mirror of a signed image with --identity naming the repository it was signed as', async () => {
    // the image and its signature copied to another repository, as a mirror holds them
    const sigTag = attachmentTag(d1, 'sig')
    for (const tag of ['v1', sigTag]) {
      execFileSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', '--preserve-digests',
        `docker://${reg.host}/team/app:${tag}`, `docker://${reg.host}/mirror/app:${tag}`])
    }

    const plain = await sc(['verify', `${reg.host}/mirror/app:v1`, '--key', k1.pub, '--insecure'])
    const mirrored = await sc(['verify', `${reg.host}/mirror/app:v1`, '--key', k1.pub, '--insecure', '--identity', `${reg.host}/team/app`])
    const wrong = await sc(['verify', `${reg.host}/mirror/app:v1`, '--key', k1.pub, '--insecure', '--identity', `${reg.host}/team/other`])
    const tagged = await sc(['verify', `${reg.host}/mirror/app:v1`, '--key', k1.pub, '--insecure', '--identity', `${reg.host}/team/app:v1`])

    expect(plain.code).toBe(1)
    expect(plain.stderr).toContain(`the signature is for ${reg.host}/team/app, not ${reg.host}/mirror/app`)
    expect(mirrored.code, mirrored.stderr).toBe(0)
    expect(wrong.code).toBe(1)
    expect(tagged.code).toBe(2)
    expect(tagged.stderr).toContain('--identity')
  })

  it('keygen refuses to overwrite and writes a key cosign can read (PEM type, 0600)', async () => {
    const again = await sc(['keygen', '--output-prefix', join(dir, 'k1')], ENV)
    const text = readFileSync(k1.key, 'utf8')

    expect(again.code).toBe(2)
    expect(text.startsWith('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n')).toBe(true)
    expect(readFileSync(k1.pub, 'utf8').startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true)
  })
})
