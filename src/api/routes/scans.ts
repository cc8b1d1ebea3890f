import type { FastifyInstance } from 'fastify'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse, ScanRecordDto } from '../schemas.js'

/** One scan: its record and the full report (JSON, the ScanReport shape). */
export function registerScanRoutes(app: FastifyInstance, deps: ApiDeps): void {
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
