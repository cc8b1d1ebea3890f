import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasWriteAccess } from './access.js'
import type { HandlerContext, RegistryOptions } from './context.js'
import { queryOf } from './context.js'
import { RegistryError, sendRegistryError } from './errors.js'
import { handleBlob, handleUpload } from './handlers-blobs.js'
import { handleCatalog, handleReferrers, handleTags } from './handlers-lists.js'
import { handleManifest } from './handlers-manifests.js'
import { handleSignatures } from './signatures.js'
import { parseRegistryPath } from './names.js'
import type { RegistryRoute } from './names.js'

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'] as const

function pathOf(request: FastifyRequest, prefix: string): string {
  const url = request.raw.url ?? ''
  const q = url.indexOf('?')
  try {
    return decodeURIComponent((q >= 0 ? url.slice(0, q) : url).slice(prefix.length))
  } catch (err) {
    throw new RegistryError('NAME_INVALID', 'malformed percent-encoding in the path', { cause: err })
  }
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

async function authorize(c: HandlerContext): Promise<void> {
  const who = await c.opts.authenticate(c.request)
  if (!who) {
    c.reply.header('www-authenticate', `Basic realm="${c.opts.realm ?? 'bulwark'}"`)
    throw new RegistryError('UNAUTHORIZED', 'authentication required')
  }
  if (isWrite(c.request.method) && !hasWriteAccess(who.role)) {
    throw new RegistryError('DENIED', `role ${who.role} may not ${c.request.method} here`)
  }
}

function handleToken(c: HandlerContext): void {
  // Docker token flow: the client logged in (Basic) and gets the same token back as a Bearer
  // token, which `authenticate` accepts. Expiry is the token's own (none), so say one hour.
  const header = c.request.headers.authorization ?? ''
  const basic = /^Basic\s+(\S+)/i.exec(header)
  const token = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').slice(1).join(':') : /^Bearer\s+(\S+)/i.exec(header)?.[1]
  c.reply.send({ token, access_token: token, expires_in: 3600, issued_at: new Date().toISOString() })
}

async function dispatch(c: HandlerContext, route: RegistryRoute): Promise<unknown> {
  switch (route.kind) {
    case 'base':
      return c.reply.type('application/json').send('{}')
    case 'token':
      return handleToken(c)
    case 'catalog':
      return handleCatalog(c)
    case 'tags':
      return handleTags(c, route.name)
    case 'referrers':
      return handleReferrers(c, route.name, route.digest)
    case 'manifest':
      return handleManifest(c, route.name, route.reference)
    case 'blob':
      return handleBlob(c, route.name, route.digest)
    case 'upload':
      return handleUpload(c, route.name, route.uuid)
  }
}

async function onRegistryRequest(
  opts: RegistryOptions,
  signatureLocks: Map<string, Promise<unknown>>,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  reply.header('docker-distribution-api-version', 'registry/2.0')
  reply.header('x-registry-supports-signatures', '1')
  const c: HandlerContext = { opts, request, reply, query: queryOf(request), signatureLocks }
  try {
    const ext = request.url.startsWith('/extensions/v2/')
    const route = ext ? undefined : parseRegistryPath(pathOf(request, '/v2/'))
    await authorize(c)
    if (ext) return await handleSignatures(c, pathOf(request, '/extensions/v2/'))
    if (!route) throw new RegistryError('NAME_UNKNOWN', 'unknown registry endpoint', { status: 404 })
    return await dispatch(c, route)
  } catch (err) {
    if (!request.raw.readableEnded) request.raw.resume() // drain an unread body so the socket stays usable
    return sendRegistryError(reply, err)
  }
}

/**
 * The built-in OCI registry (distribution-spec 1.1) as a fastify plugin: `/v2/...` plus the
 * containers/image signature extension under `/extensions/v2/...`. Register it WITHOUT a
 * prefix; it keeps its own body handling (bodies are streamed, never buffered whole) and error
 * format inside its encapsulation context.
 */
export async function registryPlugin(app: FastifyInstance, opts: RegistryOptions): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, _payload, done) => done(null))
  const signatureLocks = new Map<string, Promise<unknown>>()
  const handler = (request: FastifyRequest, reply: FastifyReply): Promise<unknown> =>
    onRegistryRequest(opts, signatureLocks, request, reply)
  for (const url of ['/v2', '/v2/', '/v2/*', '/extensions/v2/*']) {
    app.route({ method: [...METHODS], url, exposeHeadRoute: false, handler })
  }
}
