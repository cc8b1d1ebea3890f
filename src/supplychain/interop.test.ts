import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256Digest } from '../core/index.js'
import { checkCosignLayer } from './cosign-verify.js'
import { COSIGN, parseAttachmentLayers, toAttachmentManifest } from './layout.js'
import { toCosignPayload } from './payload.js'

const td = (p: string): Buffer => readFileSync(join(import.meta.dirname, 'testdata', p))
const pub = (p: string): ReturnType<typeof createPublicKey> => createPublicKey(td(p))

/** containers/image stores a cosign signature as `\0sigstore-json\n` + {mimeType, payload, annotations}. */
function readContainersAttachment(file: string): { payload: Buffer; signature?: string } {
  const raw = td(file)
  const doc = JSON.parse(raw.subarray(raw.indexOf('{')).toString('utf8')) as { payload: string; annotations: Record<string, string> }
  return { payload: Buffer.from(doc.payload, 'base64'), signature: doc.annotations[COSIGN.signatureAnnotation] }
}

const V3_DIGEST = td('cosign-v3/SUBJECT_DIGEST').toString().trim()
const v3 = { identity: 'localhost:15381/tobby/fixture', repository: 'tobby/fixture', digest: V3_DIGEST }
const CLASSIC_DIGEST = sha256Digest(td('containers-image/dir-img-cosign-valid/manifest.json'))
const classic = { identity: '192.168.64.2:5000/cosign-signed-single-sample', repository: 'cosign-signed-single-sample', digest: CLASSIC_DIGEST }

describe('cosign interop (real cosign-made files)', () => {
  it('writes the payload byte for byte as cosign 3 did', () => {
    expect(toCosignPayload(v3.identity, V3_DIGEST)).toEqual(td('cosign-v3/payload.json'))
  })

  it('builds the .sig manifest byte for byte as cosign 3 did (same digest)', () => {
    const payload = td('cosign-v3/payload.json')
    const layer = { mediaType: COSIGN.simpleSigning, size: payload.length, digest: sha256Digest(payload), annotations: { [COSIGN.signatureAnnotation]: td('cosign-v3/signature.b64').toString().trim() } }

    const built = toAttachmentManifest([layer])

    expect(built.manifest.toString()).toBe(td('cosign-v3/sig-manifest.json').toString())
    expect(parseAttachmentLayers(td('cosign-v3/sig-manifest.json'))).toEqual([layer])
  })

  it.each([
    { name: 'cosign 3 signature', payload: 'cosign-v3/payload.json', sig: 'cosign-v3/signature.b64', key: 'cosign-v3/cosign.pub', target: v3 },
    { name: 'containers/image cosign fixture', payload: 'cosign-classic/payload.json', sig: 'cosign-classic/signature.b64', key: 'cosign-classic/cosign.pub', target: classic },
  ])('verifies a $name', ({ payload, sig, key, target }) => {
    const r = checkCosignLayer(td(payload), td(sig).toString().trim(), [pub(key)], target)

    expect(r.ok).toBe(true)
    expect(r.payload?.critical.image['docker-manifest-digest']).toBe(target.digest)
  })

  it.each([
    { name: 'valid', file: 'dir-img-cosign-valid/signature-1', manifest: 'dir-img-cosign-valid/manifest.json', key: 'cosign.pub', want: undefined },
    { name: 'second signature of valid-2', file: 'dir-img-cosign-valid-2/signature-2', manifest: 'dir-img-cosign-valid-2/manifest.json', key: 'cosign.pub', want: undefined },
    { name: 'unknown key (mixed, signature 1)', file: 'dir-img-cosign-mixed/signature-1', manifest: 'dir-img-cosign-mixed/manifest.json', key: 'cosign.pub', want: 'not made by a trusted key' },
    { name: 'other trusted key', file: 'dir-img-cosign-valid/signature-1', manifest: 'dir-img-cosign-valid/manifest.json', key: 'cosign2.pub', want: 'not made by a trusted key' },
    { name: 'modified manifest', file: 'dir-img-cosign-modified-manifest/signature-1', manifest: 'dir-img-cosign-modified-manifest/manifest.json', key: 'cosign.pub', want: 'the manifest was changed or the tag moved' },
    { name: 'manifest digest error', file: 'dir-img-cosign-manifest-digest-error/signature-1', manifest: 'dir-img-cosign-manifest-digest-error/manifest.json', key: 'cosign.pub', want: 'the manifest was changed or the tag moved' },
  ])('containers/image fixture: $name', ({ file, manifest, key, want }) => {
    const a = readContainersAttachment(`containers-image/${file}`)
    const target = { ...classic, digest: sha256Digest(td(`containers-image/${manifest}`)) }

    const r = checkCosignLayer(a.payload, a.signature, [pub(`containers-image/${key}`)], target)

    expect(r.reason === undefined ? undefined : r.reason).toEqual(want === undefined ? undefined : expect.stringContaining(want))
    expect(r.ok).toBe(want === undefined)
  })

  it.each([
    { name: 'truncated signature', sig: (s: Buffer) => s.subarray(0, s.length - 5), want: 'truncated or malformed' },
    { name: 'flipped byte', sig: (s: Buffer) => Buffer.from(s.map((b, i) => (i === 20 ? b ^ 1 : b))), want: 'not made by a trusted key' },
    { name: 'empty annotation', sig: () => Buffer.alloc(0), want: 'no dev.cosignproject.cosign/signature annotation' },
    { name: 'garbage', sig: () => Buffer.from('garbage!'), want: 'truncated or malformed' },
  ])('rejects a cosign 3 signature with $name', ({ sig, want }) => {
    const s = sig(td('cosign-v3/signature.der'))

    const r = checkCosignLayer(td('cosign-v3/payload.json'), s.toString('base64'), [pub('cosign-v3/cosign.pub')], v3)

    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining(want) })
  })

  it('rejects a valid signature presented for another repository', () => {
    const r = checkCosignLayer(td('cosign-v3/payload.json'), td('cosign-v3/signature.b64').toString().trim(), [pub('cosign-v3/cosign.pub')], { ...v3, identity: 'localhost:15381/evil/fixture' })

    expect(r).toMatchObject({ ok: false, reason: 'the signature is for localhost:15381/tobby/fixture, not localhost:15381/evil/fixture' })
  })
})
