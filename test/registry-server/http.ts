/** Raw HTTP helpers (undici) for the registry's spec tests. */
import { createHash } from 'node:crypto'
import { request } from 'undici'
import type { TokenRole } from '../../src/core/index.js'
import { basicAuth } from './harness.js'

/** One response, body read as text. */
export interface Res {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly text: string
  /** The `errors[0].code` of a distribution error body, when there is one. */
  readonly code?: string
}

/** Sends one request as `role` (or anonymously with role null). */
export async function call(
  base: string,
  method: string,
  path: string,
  o: { role?: TokenRole | null; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Res> {
  const role = o.role === undefined ? 'developer' : o.role
  const headers: Record<string, string> = { ...(role ? { authorization: basicAuth(role) } : {}), ...(o.headers ?? {}) }
  const res = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    ...(o.body !== undefined ? { body: o.body } : {}),
  })
  const text = await res.body.text()
  let code: string | undefined
  try {
    code = (JSON.parse(text) as { errors?: { code: string }[] }).errors?.[0]?.code
  } catch {
    code = undefined // not JSON: a blob or an empty body
  }
  return { status: res.statusCode, headers: res.headers, text, ...(code ? { code } : {}) }
}

/** `sha256:<hex>` of some bytes. */
export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}
