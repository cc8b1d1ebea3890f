import { createHash } from 'node:crypto'

/** An OCI content digest such as `sha256:<64 hex>`. */
export type Digest = `${string}:${string}`

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/

/** True when `s` is a sha256 or sha512 digest in canonical form. */
export function isDigest(s: string): s is Digest {
  return DIGEST_RE.test(s)
}

/** The sha256 digest of a buffer or string. */
export function sha256Digest(data: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** A short form for tables: the first 12 hex characters. */
export function shortDigest(d: string): string {
  const i = d.indexOf(':')
  return d.slice(i + 1, i + 13)
}
