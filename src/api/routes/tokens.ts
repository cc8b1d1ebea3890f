import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { TOKEN_ROLES, type TokenRole } from '../../core/index.js'
import { generateToken, hashToken } from '../auth.js'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse, TokenDto } from '../schemas.js'

/** Who did it, for the audit log: the token id (never the secret). */
export function actorOf(request: FastifyRequest): string {
  return request.auth?.tokenId ?? 'anonymous'
}

/** Token administration and the audit log (admin only). Every change is audited. */
export function registerTokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const admin = deps.auth.requireRole('admin')
  app.get(
    '/api/v1/tokens',
    { preHandler: admin, schema: { tags: ['admin'], response: { 200: { type: 'array', items: TokenDto }, ...AUTH_ERRORS } } },
    () => deps.store.tokens.listTokens(),
  )
  app.post<{ Body: { name: string; role: TokenRole } }>(
    '/api/v1/tokens',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        body: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, role: { type: 'string', enum: [...TOKEN_ROLES] } },
          required: ['name', 'role'],
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { token: { type: 'string' }, record: TokenDto }, required: ['token', 'record'] },
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const secret = generateToken()
      const record = await deps.store.tokens.createToken({
        id: randomUUID(),
        name: request.body.name,
        role: request.body.role,
        hash: hashToken(secret),
      })
      await deps.store.audit.append({
        at: new Date().toISOString(),
        actor: actorOf(request),
        action: 'token.create',
        target: record.id,
        detail: `${record.name} (${record.role})`,
      })
      return reply.status(201).send({ token: secret, record })
    },
  )
  app.delete<{ Params: { id: string } }>(
    '/api/v1/tokens/:id',
    { preHandler: admin, schema: { tags: ['admin'], response: { 204: { type: 'null' }, 404: ErrorResponse, ...AUTH_ERRORS } } },
    async (request, reply) => {
      if (!(await deps.store.tokens.revoke(request.params.id))) {
        throw new ApiError('NOT_FOUND', `no active token ${request.params.id}`)
      }
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'token.revoke', target: request.params.id })
      return reply.status(204).send()
    },
  )
  registerAuditRoute(app, deps)
}

/** The admin audit log, newest first. */
function registerAuditRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/audit',
    {
      preHandler: deps.auth.requireRole('admin'),
      schema: {
        tags: ['admin'],
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: { at: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' }, detail: { type: 'string' } },
              required: ['at', 'actor', 'action', 'target'],
            },
          },
          ...AUTH_ERRORS,
        },
      },
    },
    (request) => deps.store.audit.list(request.query.limit ?? 100),
  )
}
