import { createHash } from 'node:crypto'
import type { ManifestRecord } from '../core/index.js'
import type { HandlerContext, ManifestPushedEvent } from './context.js'
import { RegistryError } from './errors.js'
import { IMAGE_CONFIG_TYPES, bareMediaType, parseManifest, referrerArtifactType } from './manifest.js'
import type { ParsedManifest } from './manifest.js'
import { isTag, looksLikeDigest, parseDigest } from './names.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-manifests
const DEFAULT_MAX_MANIFEST = 4 * 1024 * 1024

function manifestUnknown(name: string, reference: string): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', `manifest ${reference.slice(0, 200)} unknown to ${name}`)
}

/** Resolves a tag or digest to the stored record (MANIFEST_UNKNOWN when absent). */
async function resolve(c: HandlerContext, name: string, reference: string): Promise<ManifestRecord> {
  const { store } = c.opts
  let digest: string | undefined
  if (looksLikeDigest(reference)) digest = parseDigest(reference).text
  else if (isTag(reference)) digest = await store.resolveTag(name, reference)
  const rec = digest === undefined ? undefined : await store.getManifest(name, digest)
  if (!rec) throw manifestUnknown(name, reference)
  return rec
}

/** True when the Accept header allows `mediaType` (no header, or a matching or wildcard entry). */
export function accepts(header: string | string[] | undefined, mediaType: string): boolean {
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((t) => bareMediaType(t))
  const types = list.filter((t): t is string => t !== undefined)
  if (types.length === 0) return true
  return types.some((t) => t === mediaType || t === '*/*' || t === 'application/*')
}

async function getManifest(c: HandlerContext, name: string, reference: string): Promise<unknown> {
  const rec = await resolve(c, name, reference)
  if (!accepts(c.request.headers.accept, rec.mediaType)) {
    throw new RegistryError('MANIFEST_UNKNOWN', `manifest is ${rec.mediaType}, which the Accept header excludes`, {
      detail: { mediaType: rec.mediaType },
    })
  }
  c.reply
    .header('content-type', rec.mediaType)
    .header('docker-content-digest', rec.digest)
    .header('etag', `"${rec.digest}"`)
    .header('content-length', String(rec.size))
  if (c.request.method === 'HEAD') return c.reply.code(200).send()
  return c.reply.code(200).send(await c.opts.blobs.read(rec.digest))
}

async function readBody(c: HandlerContext): Promise<Buffer> {
  const max = c.opts.maxManifestBytes ?? DEFAULT_MAX_MANIFEST
  const declared = Number(c.request.headers['content-length'] ?? 0)
  if (declared > max) throw new RegistryError('SIZE_INVALID', `manifest exceeds ${max} bytes`, { status: 413 })
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of c.request.raw) {
    size += (chunk as Buffer).length
    if (size > max) throw new RegistryError('SIZE_INVALID', `manifest exceeds ${max} bytes`, { status: 413 })
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts)
}

/** Every descriptor must name a blob (config, layers) or manifest (index children) of `name`. */
async function checkReferences(c: HandlerContext, name: string, m: ParsedManifest): Promise<number> {
  const { store } = c.opts
  const checks = [...(m.config ? [m.config] : []), ...m.children].map(async (d) => {
    if (m.isIndex) return (await store.getManifest(name, d.digest))?.totalSize
    if (d.urls && d.urls.length > 0) return d.size // foreign layer: fetched from its URLs, not stored here
    return (await store.isBlobLinked(name, d.digest)) ? d.size : undefined
  })
  const sizes = await Promise.all(checks)
  const all = [...(m.config ? [m.config] : []), ...m.children]
  const missing = all.filter((_, i) => sizes[i] === undefined).map((d) => d.digest)
  if (missing.length > 0) {
    throw new RegistryError('MANIFEST_BLOB_UNKNOWN', `${missing.length} referenced blob(s) or manifest(s) unknown to ${name}`, {
      detail: { digests: missing },
    })
  }
  return sizes.reduce<number>((sum, s) => sum + (s ?? 0), 0)
}

function computeDigest(bytes: Buffer, reference: string): string {
  if (!looksLikeDigest(reference)) return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  const want = parseDigest(reference)
  const actual = `${want.algorithm}:${createHash(want.algorithm).update(bytes).digest('hex')}`
  if (actual !== want.text) {
    throw new RegistryError('DIGEST_INVALID', `manifest content does not match ${want.text}`, { detail: { actual } })
  }
  return actual
}

/** An image a runtime could run: image config and filesystem layers (not a signature or SBOM artifact). */
function isRunnableImage(m: ParsedManifest): boolean {
  if (m.isIndex || !m.config || m.artifactType || !IMAGE_CONFIG_TYPES.has(m.config.mediaType)) return false
  return m.children.every((l) => /\.image\.(?:rootfs|layer)\./.test(l.mediaType))
}

function notifyPushed(c: HandlerContext, e: ManifestPushedEvent): void {
  try {
    c.opts.onManifestPushed?.(e)
  } catch (err) {
    // The manifest is stored; a failing hook must not turn the push into an error.
    c.request.log.error({ err, repository: e.repository, digest: e.digest }, 'manifest push hook failed')
  }
}

async function putManifest(c: HandlerContext, name: string, reference: string): Promise<unknown> {
  const tag = looksLikeDigest(reference) ? undefined : reference
  if (tag !== undefined && !isTag(tag)) throw new RegistryError('MANIFEST_INVALID', `invalid tag ${reference.slice(0, 200)}`)
  const bytes = await readBody(c)
  const digest = computeDigest(bytes, reference)
  const m = parseManifest(bytes, c.request.headers['content-type'])
  const referenced = await checkReferences(c, name, m)
  const { store, blobs } = c.opts
  await blobs.putBytes(bytes, parseDigest(digest).algorithm)
  // The manifest's blobs and the manifest itself become durable under their names before the
  // manifest is recorded: a recorded manifest never points at a name a power cut took away.
  await blobs.syncNames()
  const artifactType = referrerArtifactType(m)
  await store.putManifest({
    repository: name,
    digest,
    mediaType: m.mediaType,
    size: bytes.length,
    totalSize: bytes.length + referenced,
    ...(m.config ? { configDigest: m.config.digest } : {}),
    ...(artifactType !== undefined && (m.subject || m.artifactType) ? { artifactType } : {}),
    ...(m.subject ? { subject: m.subject.digest } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
    references: [...(m.config ? [m.config.digest] : []), ...m.children.map((d) => d.digest)],
    createdAt: new Date().toISOString(),
  })
  if (tag !== undefined) await store.setTag(name, tag, digest)
  if (m.subject) c.reply.header('oci-subject', m.subject.digest)
  if (isRunnableImage(m)) notifyPushed(c, { repository: name, digest, ...(tag !== undefined ? { tag } : {}) })
  return c.reply
    .code(201)
    .header('location', `/v2/${name}/manifests/${digest}`)
    .header('docker-content-digest', digest)
    .header('content-length', '0')
    .send()
}

async function deleteManifest(c: HandlerContext, name: string, reference: string): Promise<unknown> {
  const { store } = c.opts
  if (looksLikeDigest(reference)) {
    const digest = parseDigest(reference).text
    if (!(await store.deleteManifest(name, digest))) throw manifestUnknown(name, reference)
  } else if (!isTag(reference) || !(await store.deleteTag(name, reference))) {
    throw manifestUnknown(name, reference)
  }
  return c.reply.code(202).header('content-length', '0').send()
}

/** GET / HEAD / PUT / DELETE of `/v2/<name>/manifests/<reference>`. */
export async function handleManifest(c: HandlerContext, name: string, reference: string): Promise<unknown> {
  switch (c.request.method) {
    case 'GET':
    case 'HEAD':
      return getManifest(c, name, reference)
    case 'PUT':
      return putManifest(c, name, reference)
    case 'DELETE':
      return deleteManifest(c, name, reference)
    default:
      throw new RegistryError('UNSUPPORTED', `${c.request.method} is not supported on manifests`)
  }
}
