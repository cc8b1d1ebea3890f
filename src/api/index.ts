/**
 * api/: the platform server's HTTP edge: REST under /api/v1 with an OpenAPI document, health,
 * metrics and auth. app/server.ts builds the deps and mounts registry/ beside it.
 */
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import type { ApiDeps } from './deps.js'
import { registerErrorHandler } from './errors.js'
import { instrument } from './metrics.js'
import { registerKeyRoutes } from './routes/keys.js'
import { registerHealthRoutes } from './routes/health.js'
import { registerRegistryRoutes } from './routes/registries.js'
import { registerRepositoryRoutes } from './routes/repositories.js'
import { registerScanRoutes } from './routes/scans.js'
import { registerTokenRoutes } from './routes/tokens.js'
import { registerTokenEndpoint } from './routes/auth-token.js'

export { createAuth, generateToken, hashToken, hasRole, tokenFromHeader } from './auth.js'
export type { Auth, AuthContext } from './auth.js'
export { ApiError, STATUS_BY_CODE } from './errors.js'
export { FailedAuthLimiter } from './rate-limit.js'
export { createMetrics } from './metrics.js'
export type { ApiDeps, RegisterRegistryInput } from './deps.js'

/** Registers swagger, the error handler, metrics and every REST route on `app`. */
export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Bulwark platform API', version: deps.version },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
  })
  registerErrorHandler(app)
  instrument(app, deps.metrics)
  registerHealthRoutes(app, deps)
  registerTokenRoutes(app, deps)
  registerRepositoryRoutes(app, deps)
  registerScanRoutes(app, deps)
  registerRegistryRoutes(app, deps)
  registerKeyRoutes(app, deps)
  registerTokenEndpoint(app, deps)
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())
}
