import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COSIGN_SIGN_PREDICATE, verifyKeyedBundle } from './bundle.js'
import { parseAttachmentLayers } from './layout.js'

const td = (p: string): Buffer => readFileSync(join(import.meta.dirname, 'testdata', p))
const SUBJECT = 'sha256:d7d5640c741c60b47fa4b5530daa20a6469b55754a89dd42adbadadb59f9093c'
const bundle = td('referrers-bundle/bundle-sigstore.json')

describe('Sigstore bundles signed by key (cosign 3, OCI 1.1 referrers)', () => {
  it('reads the referring manifest cosign 3 pushed: one bundle layer', () => {
    const layers = parseAttachmentLayers(td('referrers-bundle/bundle-referring-manifest.json'))

    expect(layers).toEqual([{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', size: bundle.length, digest: 'sha256:adbf6372367b1d18204f9a60675cdd31c26e60b5cb664b937a69c448cfab6512' }])
  })

  it.each([
    { name: 'the cosign key and the subject', key: 'referrers-bundle/bundle-cosign.pub', digest: SUBJECT, want: { predicateType: COSIGN_SIGN_PREDICATE } },
    { name: 'another key', key: 'cosign-v3/cosign.pub', digest: SUBJECT, want: { problem: 'Sigstore bundle: the envelope was not signed by a trusted key' } },
    { name: 'another image', key: 'referrers-bundle/bundle-cosign.pub', digest: `sha256:${'0'.repeat(64)}`, want: { problem: expect.stringContaining('is about another image') } },
  ])('verifies the real bundle with $name', ({ key, digest, want }) => {
    const r = verifyKeyedBundle(bundle, [createPublicKey(td(key))], digest)

    expect(r).toMatchObject(want)
  })

  it.each([
    { name: 'truncated JSON', bytes: bundle.subarray(0, 100), want: 'not a Sigstore bundle' },
    { name: 'a flipped payload byte', bytes: Buffer.from(bundle.toString().replace('"payload":"eyJf', '"payload":"eyJg')), want: 'not signed by a trusted key' },
  ])('rejects $name', ({ bytes, want }) => {
    const r = verifyKeyedBundle(bytes, [createPublicKey(td('referrers-bundle/bundle-cosign.pub'))], SUBJECT)

    expect(r).toMatchObject({ problem: expect.stringContaining(want) })
  })
})
