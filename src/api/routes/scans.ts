import type { FastifyInstance } from 'fastify'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse, ScanRecordDto } from '../schemas.js'
import { actorOf } from './tokens.js'

/** One scan: its record and the full report (JSON, the ScanReport shape); re-matching on demand. */
export function registerScanRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post(
    '/api/v1/scans/rematch',
    {
      preHandler: deps.auth.requireRole('admin'),
      schema: {
        tags: ['scans'],
        description: 'Match the latest scan of every stored image again against the advisory database now (done by itself when the database changes).',
        response: { 202: { type: 'object', properties: { queued: { type: 'integer' } }, required: ['queued'] }, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const queued = await deps.rematchAll()
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'scans.rematch', target: 'all', detail: String(queued) })
      return reply.status(202).send({ queued })
    },
  )
  app.get<{ Params: { id: string } }>(
    '/api/v1/scans/:id',
    {
      preHandler: deps.auth.requireRole('viewer'),
      schema: {
        tags: ['scans'],
        response: {
          200: { type: 'object', properties: { scan: ScanRecordDto, report: { type: 'object', additionalProperties: true } }, required: ['scan'] },
          ...AUTH_ERRORS,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const scan = await deps.store.scans.getScan(request.params.id)
      if (!scan) throw new ApiError('NOT_FOUND', `no scan ${request.params.id}`)
      const text = await deps.store.scans.getReport(scan.id)
      return { scan, ...(text !== undefined ? { report: JSON.parse(text) as Record<string, unknown> } : {}) }
    },
  )
}
