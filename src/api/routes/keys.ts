import type { FastifyInstance } from 'fastify'
import { AppError, UserError } from '../../core/index.js'
import { parseTrustedKeys } from '../../supplychain/index.js'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse } from '../schemas.js'
import { actorOf } from './tokens.js'

const TrustedKeyDto = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['pem', 'pgp'] },
    name: { type: 'string' },
    key: { type: 'string' },
    createdAt: { type: 'string' },
  },
  required: ['id', 'kind', 'name', 'key', 'createdAt'],
} as const

interface AddKeyBody {
  readonly key: string
  readonly name?: string
}

/** Trusted public keys for the signature column: add and remove (admin, audited), list (viewer). */
export function registerKeyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const admin = deps.auth.requireRole('admin')
  app.get(
    '/api/v1/keys',
    { preHandler: deps.auth.requireRole('viewer'), schema: { tags: ['keys'], response: { 200: { type: 'array', items: TrustedKeyDto }, ...AUTH_ERRORS } } },
    () => deps.store.keys.list(),
  )
  app.post<{ Body: AddKeyBody }>(
    '/api/v1/keys',
    {
      preHandler: admin,
      schema: {
        tags: ['keys'],
        body: {
          type: 'object',
          properties: { key: { type: 'string', minLength: 1, maxLength: 65536 }, name: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['key'],
          additionalProperties: false,
        },
        response: { 201: TrustedKeyDto, ...AUTH_ERRORS, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const parsed = await parseTrustedKeys(request.body.key).catch((err: unknown) => {
        if (err instanceof AppError) throw err // a UserError: 400 with its own message
        throw new UserError('INPUT_INVALID', `not a usable public key: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
      })
      const kind = parsed.pgp.length > 0 ? 'pgp' : 'pem'
      const rec = await deps.store.keys.add({ kind, name: request.body.name ?? `${kind} key`, key: request.body.key })
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'key.add', target: rec.id, detail: `${rec.name} (${kind})` })
      deps.keysChanged()
      return reply.status(201).send(rec)
    },
  )
  app.delete<{ Params: { id: string } }>(
    '/api/v1/keys/:id',
    { preHandler: admin, schema: { tags: ['keys'], response: { 204: { type: 'null' }, ...AUTH_ERRORS, 404: ErrorResponse } } },
    async (request, reply) => {
      if (!(await deps.store.keys.delete(request.params.id))) throw new ApiError('NOT_FOUND', `no key ${request.params.id}`)
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'key.delete', target: request.params.id })
      deps.keysChanged()
      return reply.status(204).send()
    },
  )
}
