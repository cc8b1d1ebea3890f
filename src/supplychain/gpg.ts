import { createMessage, decryptKey, readKeys, readMessage, readPrivateKey, sign, verify } from 'openpgp'
import type { PrivateKey, PublicKey } from 'openpgp'
import { UserError } from '../core/index.js'

// ref: https://github.com/containers/image/blob/main/docs/containers-signature.5.md
// A containers "atomic" signature is an OpenPGP signed message (not detached) whose literal data
// is the simple-signing JSON; skopeo/podman/CRI-O verify it through policy.json `signedBy`.

/** Reads an armored secret key, decrypting it with `passphrase` when it is protected. */
export async function readGpgSecretKey(armored: string, passphrase: string | undefined): Promise<PrivateKey> {
  let key: PrivateKey
  try {
    key = await readPrivateKey({ armoredKey: armored })
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'not an armored OpenPGP secret key', { cause: err })
  }
  if (key.isDecrypted()) return key
  if (passphrase === undefined) throw new UserError('INPUT_INVALID', 'the OpenPGP key is protected: set BULWARK_PASSWORD')
  try {
    return await decryptKey({ privateKey: key, passphrase })
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'the OpenPGP key passphrase is wrong', { cause: err })
  }
}

/** Reads armored OpenPGP public keys (a keyring export may hold several). */
export async function readGpgPublicKeys(armored: string): Promise<PublicKey[]> {
  try {
    return (await readKeys({ armoredKeys: armored })).map((k) => k.toPublic())
  } catch (err) {
    throw new UserError('INPUT_INVALID', 'not an armored OpenPGP public key', { cause: err })
  }
}

/** Signs `payload` as an OpenPGP binary signed message, the form containers/image stores. */
export async function gpgSign(key: PrivateKey, payload: Buffer): Promise<Buffer> {
  const message = await createMessage({ binary: payload })
  const out = await sign({ message, signingKeys: key, format: 'binary' })
  return Buffer.from(out)
}

/** The fingerprint of a key, upper-case hex as gpg prints it. */
export function fingerprintOf(key: PublicKey | PrivateKey): string {
  return key.getFingerprint().toUpperCase()
}

/** The payload of a signed message and the key that verified it, or why it failed. */
export type GpgOutcome = { readonly payload: Buffer; readonly fingerprint: string } | { readonly problem: string }

/** Verifies an OpenPGP signed message with trusted keys; a bad message is a problem, not a throw. */
export async function gpgVerify(sig: Buffer, keys: readonly PublicKey[]): Promise<GpgOutcome> {
  let message
  try {
    message = await readMessage({ binaryMessage: sig })
  } catch {
    return { problem: 'the signature is truncated or malformed (not an OpenPGP message)' }
  }
  let result
  try {
    result = await verify({ message, verificationKeys: [...keys], format: 'binary', expectSigned: false })
  } catch (err) {
    return { problem: `the OpenPGP message cannot be read: ${(err as Error).message}` }
  }
  if (result.signatures.length === 0) return { problem: 'the OpenPGP message carries no signature' }
  const payload = Buffer.from(result.data as Uint8Array)
  for (const s of result.signatures) {
    const ok = await s.verified.then(() => true, () => false)
    if (!ok) continue
    const id = s.keyID.toHex()
    const key = keys.find((k) => k.getKeys(s.keyID).length > 0)
    return { payload, fingerprint: key ? fingerprintOf(key) : id.toUpperCase() }
  }
  return { problem: `the OpenPGP signature was not made by a trusted key (key id ${result.signatures[0]?.keyID.toHex().toUpperCase() ?? '?'})` }
}
