import type { FastifyReply } from 'fastify'
import { AppError } from '../core/index.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes
/** The distribution-spec error codes this registry answers with. */
export const REGISTRY_ERROR_STATUS = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
} as const

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_STATUS

/** A registry failure that maps to one distribution-spec error body and HTTP status. */
export class RegistryError extends AppError<RegistryErrorCode> {
  readonly status: number
  readonly detail: unknown
  constructor(
    code: RegistryErrorCode,
    message: string,
    opts: { status?: number; detail?: unknown; cause?: unknown } = {},
  ) {
    super(code, message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.status = opts.status ?? REGISTRY_ERROR_STATUS[code]
    this.detail = opts.detail ?? null
  }
}

/** The body every registry error carries: `{ errors: [{ code, message, detail }] }`. */
export function toErrorBody(code: string, message: string, detail: unknown = null): string {
  return JSON.stringify({ errors: [{ code, message, detail }] })
}

/** Sends `err` as a distribution-spec error (unknown errors become a 500 `UNKNOWN`). */
export function sendRegistryError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof RegistryError) {
    return reply
      .code(err.status)
      .type('application/json')
      .send(toErrorBody(err.code, err.message, err.detail))
  }
  const status = (err as { statusCode?: unknown }).statusCode
  if (status === 429) {
    return reply.code(429).type('application/json').send(toErrorBody('TOOMANYREQUESTS', 'too many requests'))
  }
  reply.log.error({ err }, 'registry request failed')
  return reply.code(500).type('application/json').send(toErrorBody('UNKNOWN', 'internal error'))
}
