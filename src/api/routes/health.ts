import type { FastifyInstance } from 'fastify'
import type { ApiDeps } from '../deps.js'
import { ErrorResponse } from '../schemas.js'

/** /healthz (the process answers), /readyz (the database answers) and /metrics (viewer and up). */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    () => ({ status: 'ok' }),
  )
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, 503: ErrorResponse },
      },
    },
    async (_req, reply) => {
      if (await deps.store.ping()) return { status: 'ready' }
      return reply.status(503).send({ error: { code: 'DB_UNAVAILABLE', message: 'the database does not answer' } })
    },
  )
  app.get(
    '/metrics',
    { preHandler: deps.auth.requireRole('viewer'), schema: { tags: ['health'], hide: true } },
    async (_req, reply) => {
      const text = await deps.metrics.metrics()
      return reply.type(deps.metrics.contentType).send(text)
    },
  )
}
