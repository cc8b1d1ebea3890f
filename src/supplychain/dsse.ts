import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { checkSignature, keyId, signBytes } from './ecdsa.js'

// ref: https://github.com/secure-systems-lab/dsse/blob/master/protocol.md (PAE)
// ref: https://github.com/secure-systems-lab/dsse/blob/master/envelope.md
// ref: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md

/** The payload type of in-toto statements. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'

/** A DSSE envelope. */
export const Envelope = z.object({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.object({ keyid: z.string().optional(), sig: z.string() })),
})
export type Envelope = z.infer<typeof Envelope>

/** An in-toto statement (v1, v0.1 accepted on read). */
export const Statement = z.object({
  _type: z.string(),
  subject: z.array(z.object({ name: z.string().optional(), digest: z.record(z.string(), z.string()) })),
  predicateType: z.string(),
  predicate: z.unknown().optional(),
})
export type Statement = z.infer<typeof Statement>

/** DSSE pre-authentication encoding: `DSSEv1 <len> <type> <len> <body>` (lengths in bytes). */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body])
}

/** Signs a payload into an envelope (one signature, keyid empty as cosign writes it). */
export function toEnvelope(payloadType: string, body: Buffer, key: KeyObject): Envelope {
  const sig = signBytes(key, pae(payloadType, body))
  return { payloadType, payload: body.toString('base64'), signatures: [{ keyid: '', sig: sig.toString('base64') }] }
}

/** Parses an envelope; undefined when the bytes are not one. */
export function parseEnvelope(bytes: Buffer): Envelope | undefined {
  try {
    const r = Envelope.safeParse(JSON.parse(bytes.toString('utf8')))
    return r.success ? r.data : undefined
  } catch {
    return undefined
  }
}

/** The verified statement of an envelope, or why not. */
export type EnvelopeOutcome = { readonly statement: Statement; readonly keyId: string } | { readonly problem: string }

/** Verifies an envelope's signatures over PAE with trusted keys, then parses its statement. */
export function verifyEnvelope(env: Envelope, keys: readonly KeyObject[]): EnvelopeOutcome {
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { problem: `payload type ${env.payloadType} is not in-toto` }
  const body = Buffer.from(env.payload, 'base64')
  const signed = pae(env.payloadType, body)
  let malformed = false
  for (const s of env.signatures) {
    for (const key of keys) {
      const p = checkSignature(key, signed, Buffer.from(s.sig, 'base64'))
      if (p === 'malformed') malformed = true
      if (p !== undefined) continue
      try {
        const r = Statement.safeParse(JSON.parse(body.toString('utf8')))
        return r.success ? { statement: r.data, keyId: keyId(key) } : { problem: 'the signed payload is not an in-toto statement' }
      } catch {
        return { problem: 'the signed payload is not JSON' }
      }
    }
  }
  if (env.signatures.length === 0) return { problem: 'the envelope has no signatures' }
  return { problem: malformed ? 'the envelope signature is truncated or malformed' : 'the envelope was not signed by a trusted key' }
}
