import { execFileSync } from 'node:child_process'
import { createPublicKey, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COSIGN_PRIVATE_PEM, SIGSTORE_PRIVATE_PEM, decryptPrivateKey, encryptPrivateKey, generateKeys, parsePem } from './keys.js'
import { signBytes } from './ecdsa.js'
import { toCosignPayload } from './payload.js'

const td = (p: string): string => join(import.meta.dirname, 'testdata', p)
const cosignKey = readFileSync(td('cosign-keys/rs-cosign-empty.key'), 'utf8')

describe('cosign encrypted keys', () => {
  it.each([
    { name: 'ENCRYPTED SIGSTORE PRIVATE KEY (cosign today)', pem: cosignKey },
    { name: 'ENCRYPTED COSIGN PRIVATE KEY (older cosign)', pem: cosignKey.replaceAll(SIGSTORE_PRIVATE_PEM, COSIGN_PRIVATE_PEM) },
  ])('decrypts a cosign-generated key: $name', async ({ pem }) => {
    const key = await decryptPrivateKey(pem, '')

    expect(key.asymmetricKeyType).toBe('ec')
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
  })

  it.each([
    { name: 'wrong password', pem: cosignKey, password: 'nope' },
    { name: 'not a key', pem: 'hello', password: '' },
    { name: 'envelope not JSON', pem: `-----BEGIN ${SIGSTORE_PRIVATE_PEM}-----\nbm90IGpzb24=\n-----END ${SIGSTORE_PRIVATE_PEM}-----\n`, password: '' },
    {
      name: 'huge scrypt N (resource bomb)',
      pem: `-----BEGIN ${SIGSTORE_PRIVATE_PEM}-----\n${Buffer.from(JSON.stringify({ kdf: { name: 'scrypt', params: { N: 2 ** 30, r: 8, p: 1 }, salt: '' }, cipher: { name: 'nacl/secretbox', nonce: Buffer.alloc(24).toString('base64') }, ciphertext: '' })).toString('base64')}\n-----END ${SIGSTORE_PRIVATE_PEM}-----\n`,
      password: '',
    },
  ])('rejects $name with a UserError', async ({ pem, password }) => {
    await expect(decryptPrivateKey(pem, password)).rejects.toMatchObject({ name: 'UserError', code: 'INPUT_INVALID' })
  })

  it('round-trips a generated key pair in the same envelope shape cosign writes', async () => {
    const keys = await generateKeys('s3cret')

    const block = parsePem(keys.privatePem)[0]
    const env = JSON.parse(block?.body.toString('utf8') ?? '{}') as { kdf: { params: unknown }; cipher: { name: string } }
    const priv = await decryptPrivateKey(keys.privatePem, 's3cret')
    const sig = signBytes(priv, Buffer.from('x'))
    expect(block?.type).toBe(SIGSTORE_PRIVATE_PEM)
    expect(env.kdf.params).toEqual({ N: 65536, r: 8, p: 1 })
    expect(env.cipher.name).toBe('nacl/secretbox')
    expect(verify('sha256', Buffer.from('x'), createPublicKey(keys.publicPem), sig)).toBe(true)
    await expect(decryptPrivateKey(keys.privatePem, 's3cret!')).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })

  it('signs payloads that openssl dgst -sha256 -verify accepts', async () => {
    const keys = await generateKeys('')
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-openssl-'))
    const payload = toCosignPayload('127.0.0.1:5000/app', `sha256:${'ab'.repeat(32)}`)
    const sig = signBytes(await decryptPrivateKey(keys.privatePem, ''), payload)
    writeFileSync(join(dir, 'pub.pem'), keys.publicPem)
    writeFileSync(join(dir, 'payload'), payload)
    writeFileSync(join(dir, 'sig.der'), sig)
    writeFileSync(join(dir, 'bad'), Buffer.concat([payload, Buffer.from(' ')]))

    const ok = execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.der'), join(dir, 'payload')]).toString()
    const bad = (): Buffer => execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig.der'), join(dir, 'bad')], { stdio: 'pipe' })

    expect(ok.trim()).toBe('Verified OK')
    expect(bad).toThrow()
  })

  it('re-encrypts the cosign key so that it decrypts again to the same key', async () => {
    const key = await decryptPrivateKey(cosignKey, '')
    const again = await decryptPrivateKey(await encryptPrivateKey(key.export({ format: 'der', type: 'pkcs8' }), 'pw'), 'pw')

    expect(again.export({ format: 'der', type: 'pkcs8' })).toEqual(key.export({ format: 'der', type: 'pkcs8' }))
  })
})
