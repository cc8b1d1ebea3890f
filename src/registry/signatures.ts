import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { HandlerContext } from './context.js'
import { RegistryError } from './errors.js'
import { isRepositoryName, parseDigest } from './names.js'

// ref: https://github.com/containers/image/blob/main/docs/signature-protocols.md (registry API extension)
// ref: https://github.com/containers/image/blob/main/docker/docker_image_dest.go (putSignaturesToAPIExtension)

/** One signature as the extension API carries it (`content` is base64). */
export interface ExtensionSignature {
  readonly schemaVersion: number
  readonly type: string
  readonly name: string
  readonly content: string
}

const MAX_SIGNATURE_BYTES = 256 * 1024
const MAX_SIGNATURES = 100

/** Where the signatures of `name@digest` live: `BLOBS/_signatures/<name>/<algorithm>-<hex>.json`. */
function fileOf(c: HandlerContext, name: string, digest: string): string {
  return join(c.opts.blobs.root, '_signatures', name, `${digest.replace(':', '-')}.json`)
}

async function load(file: string): Promise<ExtensionSignature[]> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { signatures?: ExtensionSignature[] }
    return doc.signatures ?? []
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

async function readSignature(c: HandlerContext): Promise<ExtensionSignature> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of c.request.raw) {
    size += (chunk as Buffer).length
    if (size > MAX_SIGNATURE_BYTES) throw new RegistryError('SIZE_INVALID', 'signature too large', { status: 413 })
    parts.push(chunk as Buffer)
  }
  let doc: Partial<ExtensionSignature>
  try {
    doc = JSON.parse(Buffer.concat(parts).toString('utf8')) as Partial<ExtensionSignature>
  } catch (err) {
    throw new RegistryError('MANIFEST_INVALID', 'signature body is not JSON', { cause: err })
  }
  const { schemaVersion, type, name, content } = doc
  if (typeof type !== 'string' || typeof name !== 'string' || typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
    throw new RegistryError('MANIFEST_INVALID', 'signature needs string type, name and base64 content')
  }
  return { schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 2, type, name, content }
}

async function put(c: HandlerContext, name: string, digest: string): Promise<unknown> {
  if (!(await c.opts.store.getManifest(name, digest))) {
    throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${digest} unknown to ${name}`)
  }
  const sig = await readSignature(c)
  const file = fileOf(c, name, digest)
  const locks = c.signatureLocks
  const previous = locks.get(file) ?? Promise.resolve()
  const write = previous.then(async () => {
    const list = await load(file)
    if (list.some((s) => s.name === sig.name)) return
    if (list.length >= MAX_SIGNATURES) throw new RegistryError('DENIED', `at most ${MAX_SIGNATURES} signatures per manifest`)
    await mkdir(join(file, '..'), { recursive: true })
    const tmp = `${file}.${randomUUID()}.tmp`
    await writeFile(tmp, JSON.stringify({ signatures: [...list, sig] }), { flush: true })
    await rename(tmp, file)
  })
  const settled = write.catch(() => undefined)
  locks.set(file, settled)
  try {
    await write
  } finally {
    if (locks.get(file) === settled) locks.delete(file)
  }
  return c.reply.code(201).header('content-length', '0').send()
}

/**
 * The containers/image signature extension: GET returns `{ signatures: [...] }` (empty when none:
 * containers/image treats any non-200 as an error), PUT adds one signature (201).
 */
export async function handleSignatures(c: HandlerContext, tail: string): Promise<unknown> {
  const m = /^(.+)\/signatures\/([^/]+)$/.exec(tail)
  if (!m?.[1] || !m[2]) throw new RegistryError('NAME_UNKNOWN', 'unknown extension endpoint', { status: 404 })
  const name = m[1]
  if (!isRepositoryName(name)) throw new RegistryError('NAME_INVALID', 'invalid repository name')
  const digest = parseDigest(m[2]).text
  if (c.request.method === 'PUT') return put(c, name, digest)
  if (c.request.method !== 'GET') throw new RegistryError('UNSUPPORTED', `${c.request.method} is not supported on signatures`)
  const signatures = await load(fileOf(c, name, digest))
  return c.reply.code(200).type('application/json').send({ signatures })
}
