import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEnvelope, pae, toEnvelope, verifyEnvelope } from './dsse.js'
import { isCompleteDerSequence, signBytes } from './ecdsa.js'
import { attachmentTag, parseAttachmentLayers } from './layout.js'
import { lookasidePath, readLookaside, writeLookaside } from './lookaside.js'
import { parseSimpleSigning } from './payload.js'
import { parseTrustedKeys } from './trust.js'

const td = (p: string): Buffer => readFileSync(join(import.meta.dirname, 'testdata', p))

describe('DSSE', () => {
  it('encodes PAE as the DSSE spec example', () => {
    // ref: https://github.com/secure-systems-lab/dsse/blob/master/protocol.md (PAE test vector)
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world')
  })

  it('counts bytes, not characters, in PAE lengths', () => {
    expect(pae('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é')
  })

  it.each([
    { name: 'a signed statement', tamper: (e: ReturnType<typeof toEnvelope>) => e, want: { statement: { predicateType: 'p' } } },
    { name: 'a changed payload type', tamper: (e: ReturnType<typeof toEnvelope>) => ({ ...e, payloadType: 'application/json' }), want: { problem: 'payload type application/json is not in-toto' } },
    { name: 'a changed payload', tamper: (e: ReturnType<typeof toEnvelope>) => ({ ...e, payload: Buffer.from('{"_type":"x","subject":[],"predicateType":"q"}').toString('base64') }), want: { problem: 'the envelope was not signed by a trusted key' } },
    { name: 'no signatures', tamper: (e: ReturnType<typeof toEnvelope>) => ({ ...e, signatures: [] }), want: { problem: 'the envelope has no signatures' } },
  ])('verifies $name', ({ tamper, want }) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const body = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'x', digest: { sha256: 'ab' } }], predicateType: 'p', predicate: {} }))

    const r = verifyEnvelope(tamper(toEnvelope('application/vnd.in-toto+json', body, privateKey)), [publicKey])

    expect(r).toMatchObject(want)
  })

  it.each(['', 'null', '{"payload":1}', '[]', '{'])('reads hostile envelope %j as undefined', (text) => {
    expect(parseEnvelope(Buffer.from(text))).toBeUndefined()
  })
})

describe('hostile documents', () => {
  it.each([
    { name: 'not JSON', text: '{{', want: [] },
    { name: 'layers not an array', text: '{"layers":{}}', want: [] },
    { name: 'layers with missing fields dropped', text: '{"layers":[{"mediaType":"a"},{"mediaType":"a","digest":"d","size":1,"annotations":{"k":"v","n":1}}]}', want: [{ mediaType: 'a', digest: 'd', size: 1, annotations: { k: 'v' } }] },
  ])('attachment manifest: $name', ({ text, want }) => {
    expect(parseAttachmentLayers(Buffer.from(text))).toEqual(want)
  })

  it.each(['', 'x', '{}', '{"critical":{}}', '{"critical":{"identity":{"docker-reference":1},"image":{},"type":"t"}}'])('payload %j is not simple signing', (text) => {
    expect(parseSimpleSigning(Buffer.from(text))).toBeUndefined()
  })

  it.each([
    { name: 'a real signature', sig: td('cosign-v3/signature.der'), want: true },
    { name: 'one byte short', sig: td('cosign-v3/signature.der').subarray(0, -1), want: false },
    { name: 'one byte long', sig: Buffer.concat([td('cosign-v3/signature.der'), Buffer.from([0])]), want: false },
    { name: 'empty', sig: Buffer.alloc(0), want: false },
    { name: 'not a sequence', sig: Buffer.from([0x02, 0x01, 0x00]), want: false },
  ])('DER completeness: $name', ({ sig, want }) => {
    expect(isCompleteDerSequence(sig)).toBe(want)
  })
})

describe('keys and layouts', () => {
  it.each([
    { name: 'a PEM public key', text: () => td('cosign-v3/cosign.pub').toString(), pem: 1, pgp: 0 },
    { name: 'two PEM public keys', text: () => td('containers-image/cosign.pub').toString() + td('containers-image/cosign2.pub').toString(), pem: 2, pgp: 0 },
  ])('parses $name', async ({ text, pem, pgp }) => {
    const k = await parseTrustedKeys(text())

    expect([k.pem.length, k.pgp.length]).toEqual([pem, pgp])
  })

  it.each(['', 'hello', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----\n'])('rejects key text %j with a UserError', async (text) => {
    await expect(parseTrustedKeys(text)).rejects.toMatchObject({ name: 'UserError' })
  })

  it('names attachment tags as cosign does', () => {
    expect(attachmentTag(`sha256:${'ab'.repeat(32)}`, 'sig')).toBe(`sha256-${'ab'.repeat(32)}.sig`)
    expect(attachmentTag(`sha256:${'ab'.repeat(32)}`, 'att')).toBe(`sha256-${'ab'.repeat(32)}.att`)
  })

  it('writes lookaside signatures in containers layout, numbered from 1, never overwriting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-lookaside-'))
    const d = `sha256:${'cd'.repeat(32)}`

    const a = await writeLookaside(dir, 'team/app', d, Buffer.from('one'))
    const b = await writeLookaside(`file://${dir}`, 'team/app', d, Buffer.from('two'))

    expect(a).toBe(join(dir, `team/app@sha256=${'cd'.repeat(32)}/signature-1`))
    expect(b).toBe(join(dir, lookasidePath('team/app', d, 2)))
    expect((await readLookaside(dir, 'team/app', d)).map(String)).toEqual(['one', 'two'])
    expect(await readLookaside(dir, 'team/other', d)).toEqual([])
    await expect(writeLookaside('https://example.invalid/sigs', 'team/app', d, Buffer.from('x'))).rejects.toMatchObject({ code: 'ARG_INVALID' })
  })

  it('signs with Ed25519 keys too (no digest argument)', () => {
    const { privateKey } = generateKeyPairSync('ed25519')

    expect(signBytes(privateKey, Buffer.from('x'))).toHaveLength(64)
  })
})
