import type { FastifyInstance } from 'fastify'
import type { ImageLayer, ScanReport } from '../../core/index.js'
import type { ApiDeps } from '../deps.js'
import { ApiError } from '../errors.js'
import { AUTH_ERRORS, ErrorResponse, LayerDto, RepoParam, RepoRefParams, RepositoryDto, ScanRecordDto, VersionDto } from '../schemas.js'
import { actorOf } from './tokens.js'
import { resolveVersion, toVersionView } from './versions.js'

type NameParams = { Params: { name: string } }
type RefParams = { Params: { name: string; ref: string } }

/** The registry view: repositories, their versions, and rescan / layers / delete per version. */
export function registerRepositoryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const viewer = deps.auth.requireRole('viewer')
  app.get(
    '/api/v1/repositories',
    { preHandler: viewer, schema: { tags: ['registry'], response: { 200: { type: 'array', items: RepositoryDto }, ...AUTH_ERRORS } } },
    () => deps.store.view.listRepositories(),
  )
  app.get<NameParams & { Querystring: { n?: number; last?: string } }>(
    '/api/v1/repositories/:name/versions',
    {
      preHandler: viewer,
      schema: {
        tags: ['registry'],
        description: 'Versions (tags) of a repository; the name is URL-encoded (team%2Fapp). Paged by tag with n and last.',
        params: RepoParam,
        querystring: { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 10000 }, last: { type: 'string' } } },
        response: {
          200: {
            type: 'object',
            properties: { repository: { type: 'string' }, versions: { type: 'array', items: VersionDto }, next: { type: 'string' } },
            required: ['repository', 'versions'],
          },
          ...AUTH_ERRORS,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { name } = request.params
      const { n, last } = request.query
      // One extra row tells whether there is a next page.
      const rows = await deps.store.view.listVersions(name, { ...(last !== undefined ? { last } : {}), ...(n !== undefined ? { n: n + 1 } : {}) })
      if (rows.length === 0 && last === undefined) throw new ApiError('NOT_FOUND', `no repository ${name}`)
      const page = n === undefined ? rows : rows.slice(0, n)
      const more = n !== undefined && rows.length > n
      return { repository: name, versions: page.map(toVersionView), ...(more ? { next: page.at(-1)?.tag } : {}) }
    },
  )
  registerVersionActions(app, deps)
}

/** Per-version actions: rescan (developer), layer info (viewer), delete (developer). */
function registerVersionActions(app: FastifyInstance, deps: ApiDeps): void {
  const viewer = deps.auth.requireRole('viewer')
  const developer = deps.auth.requireRole('developer')
  app.post<RefParams>(
    '/api/v1/repositories/:name/versions/:ref/scan',
    { preHandler: developer, schema: { tags: ['registry'], params: RepoRefParams, response: { 202: ScanRecordDto, ...AUTH_ERRORS, 404: ErrorResponse } } },
    async (request, reply) => {
      const { digest } = await resolveVersion(deps.store, request.params.name, request.params.ref)
      return reply.status(202).send(await deps.queueScan(request.params.name, digest))
    },
  )
  app.get<RefParams>(
    '/api/v1/repositories/:name/versions/:ref/layers',
    {
      preHandler: viewer,
      schema: {
        tags: ['registry'],
        params: RepoRefParams,
        response: { 200: { type: 'object', properties: { digest: { type: 'string' }, scanId: { type: 'string' }, layers: { type: 'array', items: LayerDto } } }, ...AUTH_ERRORS, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { name, ref } = request.params
      const { digest } = await resolveVersion(deps.store, name, ref)
      const done = (await deps.store.scans.listScans(name, digest)).find((s) => s.status === 'completed')
      const text = done ? await deps.store.scans.getReport(done.id) : undefined
      if (!done || text === undefined) throw new ApiError('NOT_FOUND', `no completed scan of ${name}@${digest} yet; POST …/scan first`)
      const report = JSON.parse(text) as ScanReport
      const layers: readonly ImageLayer[] = report.artifact.layers ?? []
      return { digest, scanId: done.id, layers }
    },
  )
  app.delete<RefParams>(
    '/api/v1/repositories/:name/versions/:ref',
    { preHandler: developer, schema: { tags: ['registry'], params: RepoRefParams, response: { 204: { type: 'null' }, ...AUTH_ERRORS, 404: ErrorResponse } } },
    async (request, reply) => {
      const { name, ref } = request.params
      const v = await resolveVersion(deps.store, name, ref)
      const gone =
        v.source === 'registry'
          ? await deps.store.registry.deleteManifest(name, v.digest)
          : await deps.store.externalRegistries.deleteImage(name, v.digest)
      if (!gone) throw new ApiError('NOT_FOUND', `no version ${ref} in repository ${name}`)
      await deps.store.audit.append({ at: new Date().toISOString(), actor: actorOf(request), action: 'version.delete', target: `${name}@${v.digest}` })
      return reply.status(204).send()
    },
  )
}
