import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryClient, parseRegistryReference } from '../../src/oci/index.js'
import { COSIGN, PREDICATE_TYPES, attachmentTag, parseAttachmentLayers, parseTrustedKeys, signatureStatus } from '../../src/supplychain/index.js'
import { hasTool, startRegistry } from '../registry.js'
import type { RunningRegistry } from '../registry.js'
import { keygen, pushImage, tempDir } from './fixtures.js'
import { sc } from './harness.js'

const ready = hasTool('docker-registry') && hasTool('skopeo')
const ENV = { BULWARK_PASSWORD: 'pw' }

interface Stmt {
  _type: string
  subject: { name: string; digest: Record<string, string> }[]
  predicateType: string
  predicate: Record<string, unknown>
}

describe.runIf(ready)('attestations and signature status', () => {
  let reg: RunningRegistry
  let client: RegistryClient
  const dir = tempDir('attest')
  let k: { key: string; pub: string }
  let other: { key: string; pub: string }
  let d1 = ''
  let d2 = ''

  beforeAll(async () => {
    reg = await startRegistry()
    client = new RegistryClient({ registry: reg.host, insecure: true })
    d1 = await pushImage(reg, dir, 'team/app:v1', 'one')
    d2 = await pushImage(reg, dir, 'team/app:v2', 'two')
    k = await keygen(dir, 'k')
    other = await keygen(dir, 'other')
  }, 120_000)

  afterAll(async () => {
    await client?.close()
    await reg?.stop()
  })

  it('attests a predicate file and verifies it as an in-toto v1 statement in DSSE', async () => {
    writeFileSync(join(dir, 'pred.json'), JSON.stringify({ builder: 'ci', ok: true }))

    const a = await sc(['attest', `${reg.host}/team/app:v1`, '--key', k.key, '--predicate', join(dir, 'pred.json'), '--type', 'https://example.com/build/v1', '--insecure'], ENV)
    const v = await sc(['verify-attestation', `${reg.host}/team/app:v1`, '--key', k.pub, '--insecure'])

    expect(a.code).toBe(0)
    expect(v.code).toBe(0)
    const st = JSON.parse(v.stdout.trim()) as Stmt
    expect(st._type).toBe('https://in-toto.io/Statement/v1')
    expect(st.subject).toEqual([{ name: `${reg.host}/team/app`, digest: { sha256: d1.slice(7) } }])
    expect(st.predicate).toEqual({ builder: 'ci', ok: true })
    const layers = parseAttachmentLayers((await client.getManifest('team/app', attachmentTag(d1, 'att'))).bytes)
    expect(layers[0]).toMatchObject({ mediaType: COSIGN.dsse, annotations: { predicateType: 'https://example.com/build/v1', [COSIGN.signatureAnnotation]: '' } })
  })

  it('attests a CycloneDX SBOM and a vulnerability scan made by the scanner, appended to .att', async () => {
    const sbom = await sc(['attest', `${reg.host}/team/app:v1`, '--key', k.key, '--sbom', '--insecure'], ENV)
    const scan = await sc(['attest', `${reg.host}/team/app:v1`, '--key', k.key, '--scan', '--insecure'], ENV)
    const onlySbom = await sc(['verify-attestation', `${reg.host}/team/app:v1`, '--key', k.pub, '--type', PREDICATE_TYPES.cyclonedx, '--insecure'])
    const all = await sc(['verify-attestation', `${reg.host}/team/app:v1`, '--key', k.pub, '--insecure'])

    expect([sbom.code, scan.code, onlySbom.code, all.code]).toEqual([0, 0, 0, 0])
    const bom = JSON.parse(onlySbom.stdout.trim()) as Stmt
    expect(bom.predicateType).toBe(PREDICATE_TYPES.cyclonedx)
    expect(bom.predicate.bomFormat).toBe('CycloneDX')
    const types = all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Stmt).predicateType)
    expect(types).toEqual(['https://example.com/build/v1', PREDICATE_TYPES.cyclonedx, PREDICATE_TYPES.vuln])
  }, 120_000)

  it.each([
    { name: 'an untrusted key', args: () => [`${reg.host}/team/app:v1`, '--key', other.pub], want: 'the envelope was not signed by a trusted key' },
    { name: 'an image without attestations', args: () => [`${reg.host}/team/app:v2`, '--key', k.pub], want: 'no attestations found' },
    { name: 'a missing predicate type', args: () => [`${reg.host}/team/app:v1`, '--key', k.pub, '--type', 'https://slsa.dev/provenance/v1'], want: 'not https://slsa.dev/provenance/v1' },
  ])('verify-attestation fails (exit 1) on $name', async ({ args, want }) => {
    const r = await sc(['verify-attestation', ...args(), '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(want)
  })

  it('fails when attestations of one image are replayed onto another', async () => {
    const att = await client.getManifest('team/app', attachmentTag(d1, 'att'))
    await client.putManifest('team/app', attachmentTag(d2, 'att'), att.bytes, COSIGN.ociManifest)

    const r = await sc(['verify-attestation', `${reg.host}/team/app:v2`, '--key', k.pub, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`not ${d2}: the manifest was changed or the tag moved`)
  })

  it('reports signed / unsigned / invalid for the registry view', async () => {
    const d3 = await pushImage(reg, dir, 'team/status:signed', 'three')
    await pushImage(reg, dir, 'team/status:unsigned', 'four')
    await pushImage(reg, dir, 'team/status:foreign', 'five')
    await sc(['sign', `${reg.host}/team/status:signed`, '--key', k.key, '--insecure'], ENV)
    await sc(['sign', `${reg.host}/team/status:foreign`, '--key', other.key, '--insecure'], ENV)
    const keys = await parseTrustedKeys(readFileSync(k.pub, 'utf8'))
    const status = (tag: string): Promise<string> => signatureStatus(client, parseRegistryReference(`${reg.host}/team/status:${tag}`), keys)

    expect(await status('signed')).toBe('signed')
    expect(await status('unsigned')).toBe('unsigned')
    expect(await status('foreign')).toBe('invalid')
    expect(await signatureStatus(client, parseRegistryReference(`${reg.host}/team/status:unsigned@${d3}`), keys)).toBe('invalid')
  })
})
