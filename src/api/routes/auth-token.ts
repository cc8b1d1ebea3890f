import type { FastifyInstance } from 'fastify'
import { tokenFromHeader } from '../auth.js'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS } from '../schemas.js'

/**
 * The Docker token flow's endpoint: a client that got a Bearer challenge from /v2/ sends its
 * Basic credentials (any user, an API token as password) here and gets a bearer token back.
 * Our tokens already are bearer tokens, so the answer is the validated token itself.
 * ref: https://distribution.github.io/distribution/spec/auth/token/
 */
export function registerTokenEndpoint(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/auth/token',
    {
      schema: {
        tags: ['auth'],
        querystring: { type: 'object', properties: { service: { type: 'string' }, scope: { type: 'string' } } },
        response: {
          200: { type: 'object', properties: { token: { type: 'string' }, access_token: { type: 'string' }, expires_in: { type: 'integer' } } },
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const auth = await deps.auth.authenticate(request)
      const secret = tokenFromHeader(request.headers.authorization)
      if (!auth || secret === undefined) {
        if (deps.auth.limiter.isBlocked(request.ip)) throw new ApiError('RATE_LIMITED', 'too many failed authentications; retry later')
        throw new ApiError('UNAUTHENTICATED', 'a valid API token is required (as the Basic password)')
      }
      return { token: secret, access_token: secret, expires_in: 3600 }
    },
  )
}
