import type { FastifyInstance } from 'fastify'
import type { ApiDeps, RegisterRegistryInput } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse, ExternalRegistryDto } from '../schemas.js'
import { actorOf } from './tokens.js'

/** External registries: register (admin), list (viewer), scan now (developer), remove (admin). */
export function registerRegistryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const admin = deps.auth.requireRole('admin')
  app.get(
    '/api/v1/registries',
    { preHandler: deps.auth.requireRole('viewer'), schema: { tags: ['registries'], response: { 200: { type: 'array', items: ExternalRegistryDto }, ...AUTH_ERRORS } } },
    () => deps.store.externalRegistries.list(),
  )
  app.post<{ Body: RegisterRegistryInput }>(
    '/api/v1/registries',
    {
      preHandler: admin,
      schema: {
        tags: ['registries'],
        body: {
          type: 'object',
          properties: {
            url: { type: 'string', pattern: '^https?://[^/\\s]+/?$', maxLength: 300 },
            username: { type: 'string', maxLength: 300 },
            password: { type: 'string', maxLength: 4096 },
            insecure: { type: 'boolean' },
            scheduleSeconds: { type: 'integer', minimum: 60 },
          },
          required: ['url'],
          additionalProperties: false,
        },
        response: { 201: ExternalRegistryDto, ...AUTH_ERRORS, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const rec = await deps.registerRegistry(request.body)
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'registry.register', target: rec.id, detail: rec.url })
      return reply.status(201).send(rec)
    },
  )
  app.post<{ Params: { id: string } }>(
    '/api/v1/registries/:id/scan',
    { preHandler: deps.auth.requireRole('developer'), schema: { tags: ['registries'], response: { 202: { type: 'object', properties: { queued: { type: 'boolean' } } }, ...AUTH_ERRORS, 404: ErrorResponse } } },
    async (request, reply) => {
      if (!(await deps.store.externalRegistries.get(request.params.id))) throw new ApiError('NOT_FOUND', `no registry ${request.params.id}`)
      await deps.queueRegistryScan(request.params.id)
      return reply.status(202).send({ queued: true })
    },
  )
  app.delete<{ Params: { id: string } }>(
    '/api/v1/registries/:id',
    { preHandler: admin, schema: { tags: ['registries'], response: { 204: { type: 'null' }, ...AUTH_ERRORS, 404: ErrorResponse } } },
    async (request, reply) => {
      if (!(await deps.store.externalRegistries.delete(request.params.id))) throw new ApiError('NOT_FOUND', `no registry ${request.params.id}`)
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'registry.delete', target: request.params.id })
      return reply.status(204).send()
    },
  )
}
