import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scrypt } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { z } from 'zod'
import { UserError } from '../core/index.js'

// ref: https://github.com/sigstore/cosign/blob/main/pkg/cosign/keys.go (PEM block types)
// ref: https://github.com/secure-systems-lab/go-securesystemslib/blob/main/encrypted/encrypted.go (envelope)

/** PEM type cosign writes today, and the one older cosign releases wrote. */
export const SIGSTORE_PRIVATE_PEM = 'ENCRYPTED SIGSTORE PRIVATE KEY'
export const COSIGN_PRIVATE_PEM = 'ENCRYPTED COSIGN PRIVATE KEY'

/** scrypt parameters cosign uses (N=2^15 and 2^16 both occur in the wild; both decrypt). */
const SCRYPT = { N: 65536, r: 8, p: 1 } as const

/** The JSON envelope inside the PEM body. */
const Envelope = z.object({
  kdf: z.object({
    name: z.literal('scrypt'),
    params: z.object({ N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive() }),
    salt: z.string(),
  }),
  cipher: z.object({ name: z.literal('nacl/secretbox'), nonce: z.string() }),
  ciphertext: z.string(),
})
type Envelope = z.infer<typeof Envelope>

/** A PEM block: its type and decoded body. */
export interface PemBlock {
  readonly type: string
  readonly body: Buffer
}

/** Finds the PEM blocks of a text (anything between BEGIN/END lines). */
export function parsePem(text: string): PemBlock[] {
  const out: PemBlock[] = []
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g
  for (const m of text.matchAll(re)) {
    const body = (m[2] ?? '').replace(/\s+/g, '')
    out.push({ type: m[1] ?? '', body: Buffer.from(body, 'base64') })
  }
  return out
}

/** Wraps bytes as PEM with 64-column lines, as Go's encoding/pem does. */
export function toPem(type: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`
}

function deriveKey(password: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  if (p.N > 2 ** 20 || p.r > 32 || p.p > 16) {
    return Promise.reject(new UserError('INPUT_INVALID', `encrypted key: scrypt parameters N=${p.N} r=${p.r} p=${p.p} are too large`))
  }
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** Encrypts PKCS#8 DER in cosign's envelope and returns the PEM. */
export async function encryptPrivateKey(pkcs8: Buffer, password: string): Promise<string> {
  const salt = randomBytes(32)
  const nonce = randomBytes(24)
  const key = await deriveKey(password, salt, SCRYPT)
  const ciphertext = Buffer.from(xsalsa20poly1305(key, nonce).encrypt(pkcs8))
  const env: Envelope = {
    kdf: { name: 'scrypt', params: { ...SCRYPT }, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  }
  return toPem(SIGSTORE_PRIVATE_PEM, Buffer.from(JSON.stringify(env)))
}

/**
 * Decrypts a cosign private key (`ENCRYPTED SIGSTORE PRIVATE KEY` or the older
 * `ENCRYPTED COSIGN PRIVATE KEY`). A wrong password or a damaged file is a UserError.
 */
export async function decryptPrivateKey(pem: string, password: string): Promise<KeyObject> {
  const block = parsePem(pem).find((b) => b.type === SIGSTORE_PRIVATE_PEM || b.type === COSIGN_PRIVATE_PEM)
  if (!block) throw new UserError('INPUT_INVALID', `not a cosign private key (no ${SIGSTORE_PRIVATE_PEM} PEM block)`)
  let env: Envelope
  try {
    env = Envelope.parse(JSON.parse(block.body.toString('utf8')))
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'cosign private key: the encrypted envelope is malformed', { cause: err })
  }
  const nonce = Buffer.from(env.cipher.nonce, 'base64')
  if (nonce.length !== 24) throw new UserError('INPUT_INVALID', 'cosign private key: the nonce is not 24 bytes')
  const key = await deriveKey(password, Buffer.from(env.kdf.salt, 'base64'), env.kdf.params)
  let der: Uint8Array
  try {
    der = xsalsa20poly1305(key, nonce).decrypt(Buffer.from(env.ciphertext, 'base64'))
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'cosign private key: wrong password or corrupted key', { cause: err })
  }
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'cosign private key: the decrypted key is not PKCS#8', { cause: err })
  }
}

/** A new key pair as cosign writes it: encrypted private PEM and public PEM (SPKI). */
export interface GeneratedKeys {
  readonly privatePem: string
  readonly publicPem: string
}

/** Generates an ECDSA P-256 key pair, the private half encrypted with `password`. */
export async function generateKeys(password: string): Promise<GeneratedKeys> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  return {
    privatePem: await encryptPrivateKey(pkcs8, password),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  }
}

/** Reads a PEM public key (SPKI `PUBLIC KEY`, or a certificate's key); UserError when none. */
export function parsePublicKeyPem(text: string): KeyObject {
  try {
    return createPublicKey(text)
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'not a PEM public key', { cause: err })
  }
}
