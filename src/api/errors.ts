import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '../core/index.js'

/** Failures of the API edge itself: who may call, and request conflicts. */
export class ApiError extends AppError<'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'CONFLICT' | 'NOT_FOUND'> {}

/** The one code → HTTP status table of the API (STYLE.md section 4). Unlisted codes are 500. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  NOT_FOUND: 404,
  ARG_INVALID: 400,
  INPUT_INVALID: 400,
  CONFIG_INVALID: 400,
  IMAGE_REF_INVALID: 400,
  IMAGE_NOT_FOUND: 404,
  MANIFEST_INVALID: 422,
  UNSUPPORTED_MEDIA_TYPE: 422,
  LAYER_CORRUPT: 422,
  DIGEST_MISMATCH: 422,
  REGISTRY_UNAVAILABLE: 502,
  REGISTRY_AUTH: 502,
  TIMEOUT: 504,
  DB_UNAVAILABLE: 503,
  DB_READONLY: 503,
  DB_FULL: 507,
}

/** The JSON error body every /api route returns. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string }
}

function statusOf(err: FastifyError | AppError): { status: number; code: string } {
  if (err instanceof AppError) return { status: STATUS_BY_CODE[err.code] ?? 500, code: err.code }
  if ('validation' in err && err.validation) return { status: 400, code: 'INPUT_INVALID' }
  const sc = (err as FastifyError).statusCode
  if (typeof sc === 'number' && sc >= 400 && sc < 500) return { status: sc, code: err.code ?? 'BAD_REQUEST' }
  return { status: 500, code: 'INTERNAL' }
}

/** Registers the single error handler: AppError codes → status, fastify validation → 400. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | AppError>((err, request, reply) => {
    const { status, code } = statusOf(err)
    if (status >= 500) request.log.error({ err, code }, 'request failed')
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="bulwark"')
    // A 500 never leaks internals; 4xx messages are ours and safe to show.
    const message = status >= 500 && !(err instanceof AppError) ? 'internal error' : err.message
    const body: ErrorBody = { error: { code, message } }
    return reply.status(status).send(body)
  })
}
