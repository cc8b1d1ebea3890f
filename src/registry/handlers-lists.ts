import type { HandlerContext } from './context.js'
import { RegistryError } from './errors.js'
import { MEDIA_TYPES } from './manifest.js'
import { parseDigest } from './names.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-tags
// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-referrers

/** Largest page served when the client asks for more (or for none). */
export const MAX_PAGE = 1000

/** Reads `n` and `last`; n is clamped to MAX_PAGE. */
function pageOf(c: HandlerContext): { n: number; last?: string } {
  const raw = c.query.n
  let n = MAX_PAGE
  if (raw !== undefined) {
    if (!/^\d+$/.test(raw)) throw new RegistryError('UNSUPPORTED', `n=${raw.slice(0, 20)} is not a count`, { status: 400 })
    n = Math.min(Number(raw), MAX_PAGE)
  }
  return { n, ...(c.query.last !== undefined ? { last: c.query.last } : {}) }
}

/** Fetches one more than asked to know whether a next page exists; sets the Link header. */
async function paginate(
  c: HandlerContext,
  path: string,
  list: (page: { n: number; last?: string }) => Promise<string[]>,
): Promise<string[]> {
  const page = pageOf(c)
  if (page.n === 0) return []
  const items = await list({ ...page, n: page.n + 1 })
  if (items.length <= page.n) return items
  const shown = items.slice(0, page.n)
  const last = shown[shown.length - 1]!
  c.reply.header('link', `<${path}?n=${page.n}&last=${encodeURIComponent(last)}>; rel="next"`)
  return shown
}

/** GET /v2/<name>/tags/list */
export async function handleTags(c: HandlerContext, name: string): Promise<unknown> {
  if (c.request.method !== 'GET' && c.request.method !== 'HEAD') throw new RegistryError('UNSUPPORTED', 'tags/list is read-only')
  const { store } = c.opts
  const tags = await paginate(c, `/v2/${name}/tags/list`, (p) => store.listTags(name, p))
  if (tags.length === 0 && c.query.last === undefined && (await store.listManifests(name)).length === 0) {
    throw new RegistryError('NAME_UNKNOWN', `repository ${name} is unknown`)
  }
  return c.reply.type('application/json').send({ name, tags })
}

/** GET /v2/_catalog */
export async function handleCatalog(c: HandlerContext): Promise<unknown> {
  if (c.request.method !== 'GET' && c.request.method !== 'HEAD') throw new RegistryError('UNSUPPORTED', '_catalog is read-only')
  const repositories = await paginate(c, '/v2/_catalog', (p) => c.opts.store.listRepositories(p))
  return c.reply.type('application/json').send({ repositories })
}

/**
 * GET /v2/<name>/referrers/<digest>[?artifactType=]: an OCI index of the manifests whose
 * subject is `digest` (an empty index when there are none, never a 404).
 */
export async function handleReferrers(c: HandlerContext, name: string, digestText: string): Promise<unknown> {
  if (c.request.method !== 'GET' && c.request.method !== 'HEAD') throw new RegistryError('UNSUPPORTED', 'referrers is read-only')
  const digest = parseDigest(digestText)
  const filter = c.query.artifactType
  const recs = await c.opts.store.listReferrers(name, digest.text, filter)
  if (filter !== undefined) c.reply.header('oci-filters-applied', 'artifactType')
  const manifests = recs.map((r) => ({
    mediaType: r.mediaType,
    digest: r.digest,
    size: r.size,
    ...(r.artifactType !== undefined ? { artifactType: r.artifactType } : {}),
    ...(r.annotations ? { annotations: r.annotations } : {}),
  }))
  const body = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests })
  return c.reply.code(200).header('content-type', MEDIA_TYPES.ociIndex).send(Buffer.from(body))
}
