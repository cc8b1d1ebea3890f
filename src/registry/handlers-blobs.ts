import type { FileHandle } from 'node:fs/promises'
import type { OutgoingHttpHeaders } from 'node:http'
import type { HandlerContext } from './context.js'
import { RegistryError } from './errors.js'
import { isRepositoryName, parseDigest } from './names.js'
import { sendFileRange } from './send-file.js'
import type { Digest } from './names.js'
import type { UploadInfo } from './blob-store.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-blobs
// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-blobs

function unsupported(c: HandlerContext): RegistryError {
  return new RegistryError('UNSUPPORTED', `${c.request.method} is not supported on this endpoint`)
}

/** Parses `Range: bytes=a-b` against a blob size; 416 when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  const bad = (): RegistryError =>
    new RegistryError('BLOB_UNKNOWN', `range ${header} not satisfiable for ${size} bytes`, { status: 416 })
  if (!m || (m[1] === '' && m[2] === '')) throw bad()
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start > end || start >= size) throw bad()
  return { start, end }
}

/** GET / HEAD / DELETE of `/v2/<name>/blobs/<digest>`. */
export async function handleBlob(c: HandlerContext, name: string, digestText: string): Promise<unknown> {
  const method = c.request.method
  if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') throw unsupported(c)
  const digest = parseDigest(digestText)
  const { store, blobs } = c.opts
  const unknown = (): RegistryError => new RegistryError('BLOB_UNKNOWN', `blob ${digest.text} unknown to ${name}`)
  if (method === 'DELETE') {
    if (!(await store.unlinkBlob(name, digest.text))) throw unknown()
    return c.reply.code(202).header('content-length', '0').send()
  }
  const headers = (): void => {
    c.reply
      .header('content-type', 'application/octet-stream')
      .header('docker-content-digest', digest.text)
      .header('etag', `"${digest.text}"`)
      .header('accept-ranges', 'bytes')
  }
  // The link (database) and the bytes (disk) are looked up at the same time: one round trip of latency.
  if (method === 'HEAD') {
    const [linked, size] = await Promise.all([store.isBlobLinked(name, digest.text), blobs.size(digest.text)])
    if (!linked || size === undefined) throw unknown()
    headers()
    return c.reply.code(200).header('content-length', String(size)).send()
  }
  const file = await openLinked(c, name, digest.text)
  if (!file) throw unknown()
  headers()
  let range: { start: number; end: number } | undefined
  try {
    range = parseRange(c.request.headers.range, file.size)
  } catch (err) {
    await file.fh.close()
    throw err
  }
  return sendBlobBody(c, file.fh, file.size, range)
}

/**
 * The open blob when `name` links it and its file exists. GET opens the file straight away (no
 * separate stat): the open proves it exists and is what the body is read from. The database
 * and the disk are asked at the same time; a handle opened for nothing is closed.
 */
async function openLinked(c: HandlerContext, name: string, digest: string): Promise<{ fh: FileHandle; size: number } | undefined> {
  const [link, file] = await Promise.allSettled([c.opts.store.isBlobLinked(name, digest), c.opts.blobs.openFile(digest)])
  const opened = file.status === 'fulfilled' ? file.value : undefined
  if (link.status === 'fulfilled' && link.value && opened) return opened
  await opened?.fh.close()
  if (link.status === 'rejected') throw link.reason
  if (file.status === 'rejected') throw file.reason
  return undefined
}

/** Writes a blob (or a range of it) straight to the socket, bypassing fastify's payload path; closes `fh`. */
async function sendBlobBody(
  c: HandlerContext,
  fh: FileHandle,
  size: number,
  range: { start: number; end: number } | undefined,
): Promise<unknown> {
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  c.reply.code(range ? 206 : 200).header('content-length', String(end - start + 1))
  if (range) c.reply.header('content-range', `bytes ${start}-${end}/${size}`)
  c.reply.hijack()
  const res = c.reply.raw
  res.writeHead(range ? 206 : 200, c.reply.getHeaders() as OutgoingHttpHeaders)
  try {
    if (end >= start) await sendFileRange(fh, res, start, end)
    res.end()
  } catch (err) {
    res.destroy(err as Error) // headers are out: the only honest signal left is a cut connection
  } finally {
    await fh.close()
  }
  return undefined
}

function hasBody(c: HandlerContext): boolean {
  const h = c.request.headers
  return h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')
}

function uploadLocation(name: string, uuid: string): string {
  return `/v2/${name}/blobs/uploads/${uuid}`
}

function sendProgress(c: HandlerContext, name: string, uuid: string, size: number, status: number): unknown {
  return c.reply
    .code(status)
    .header('location', uploadLocation(name, uuid))
    .header('range', `0-${Math.max(0, size - 1)}`)
    .header('docker-upload-uuid', uuid)
    .header('content-length', '0')
    .send()
}

function sendCreated(c: HandlerContext, name: string, digest: string): unknown {
  return c.reply
    .code(201)
    .header('location', `/v2/${name}/blobs/${digest}`)
    .header('docker-content-digest', digest)
    .header('content-length', '0')
    .send()
}

/** Appends the request body, honouring Content-Range (416 when out of order). */
async function appendBody(c: HandlerContext, info: UploadInfo): Promise<number> {
  const header = c.request.headers['content-range']
  if (header === undefined) return c.opts.blobs.append(info, c.request.raw)
  const m = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/\d+|\/\*)?$/.exec(header.trim())
  if (!m) throw new RegistryError('BLOB_UPLOAD_INVALID', `malformed Content-Range ${header}`, { status: 416 })
  const start = Number(m[1])
  const end = Number(m[2])
  if (start !== info.size || end < start) {
    throw new RegistryError('BLOB_UPLOAD_INVALID', `chunk ${start}-${end} is out of order; upload is at ${info.size}`, {
      status: 416,
      detail: { offset: info.size },
    })
  }
  const length = c.request.headers['content-length']
  if (length !== undefined && Number(length) !== end - start + 1) {
    throw new RegistryError('SIZE_INVALID', `Content-Length ${length} does not match Content-Range ${header}`)
  }
  const size = await c.opts.blobs.append(info, c.request.raw, end + 1)
  if (size !== end + 1) throw new RegistryError('SIZE_INVALID', `chunk ended at ${size}, Content-Range said ${end + 1}`)
  return size
}

async function finishUpload(c: HandlerContext, name: string, info: UploadInfo, digest: Digest): Promise<unknown> {
  const size = await c.opts.blobs.finish(info, digest)
  await c.opts.store.linkBlob(name, digest.text, size)
  return sendCreated(c, name, digest.text)
}

async function tryMount(c: HandlerContext, name: string, mount: string, from: string | undefined): Promise<boolean> {
  const digest = parseDigest(mount)
  const { store, blobs } = c.opts
  if (from !== undefined && (!isRepositoryName(from) || !(await store.isBlobLinked(from, digest.text)))) return false
  const size = await blobs.size(digest.text)
  if (size === undefined) return false
  // Without `from` (spec 1.1) any blob this registry verified may be mounted: roles are global.
  await store.linkBlob(name, digest.text, size)
  sendCreated(c, name, digest.text)
  return true
}

async function startUpload(c: HandlerContext, name: string): Promise<unknown> {
  const { mount, from, digest } = c.query
  if (mount !== undefined && (await tryMount(c, name, mount, from))) return undefined
  const { blobs } = c.opts
  const uuid = await blobs.createUpload(name)
  if (digest === undefined) {
    if (hasBody(c)) c.request.raw.resume()
    return sendProgress(c, name, uuid, 0, 202)
  }
  const d = parseDigest(digest)
  const info = (await blobs.uploadInfo(uuid, name))!
  try {
    const size = await blobs.append(info, c.request.raw)
    return await finishUpload(c, name, { ...info, size }, d)
  } finally {
    await blobs.cancel(uuid) // no-op once finished; removes the bytes of a failed monolithic push
  }
}

/** `/v2/<name>/blobs/uploads/[<uuid>]`: start, chunk, status, finish, cancel. */
export async function handleUpload(c: HandlerContext, name: string, uuid: string): Promise<unknown> {
  const method = c.request.method
  if (uuid === '') {
    if (method !== 'POST') throw unsupported(c)
    return startUpload(c, name)
  }
  const { blobs } = c.opts
  const info = await blobs.uploadInfo(uuid, name)
  if (!info) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${uuid.slice(0, 64)} unknown to ${name}`)
  switch (method) {
    case 'GET':
      return sendProgress(c, name, uuid, info.size, 204)
    case 'DELETE':
      await blobs.cancel(uuid)
      return c.reply.code(204).send()
    case 'PATCH':
      return sendProgress(c, name, uuid, await appendBody(c, info), 202)
    case 'PUT': {
      if (c.query.digest === undefined) throw new RegistryError('DIGEST_INVALID', 'PUT needs ?digest=')
      const digest = parseDigest(c.query.digest)
      const size = hasBody(c) ? await appendBody(c, info) : info.size
      return finishUpload(c, name, { ...info, size }, digest)
    }
    default:
      throw unsupported(c)
  }
}
