import { ExternalError, ImageError } from '../core/index.js'
import type { RegistryClient } from '../oci/index.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers
// ref: https://github.com/containers/image/blob/main/docs/signature-protocols.md (X-Registry-Supports-Signatures)

type Response = Awaited<ReturnType<RegistryClient['request']>>

const MAX_DOC = 4 * 1024 * 1024

/** Reads a response body of at most `max` bytes. */
async function readBody(res: Response, max = MAX_DOC): Promise<Buffer> {
  const parts: Buffer[] = []
  let n = 0
  for await (const chunk of res.body) {
    n += (chunk as Buffer).length
    if (n > max) {
      res.body.destroy()
      throw new ImageError('SIZE_LIMIT', `registry answer over the ${max}-byte limit`)
    }
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts, n)
}

function header(res: Response, name: string): string | undefined {
  const v = res.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Where referrers were found: the OCI 1.1 API or the `sha256-<hex>` index tag fallback. */
export type ReferrersLayout = 'referrers-api' | 'referrers-tag'

/** Descriptors of manifests that refer to a digest, and how they were found. */
export interface Referrers {
  readonly layout: ReferrersLayout
  readonly manifests: readonly Record<string, unknown>[]
}

function manifestsOf(bytes: Buffer): Record<string, unknown>[] {
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as { manifests?: unknown }
    return Array.isArray(doc.manifests) ? doc.manifests.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null) : []
  } catch {
    return []
  }
}

/**
 * Lists referrers of `digest` recording the layout: the referrers API when the registry answers
 * it, else the fallback tag. Undefined when neither exists. (RegistryClient.referrers merges both
 * without saying which it used.)
 */
export async function listReferrers(client: RegistryClient, repo: string, digest: string): Promise<Referrers | undefined> {
  const scope = `repository:${repo}:pull`
  const res = await client.request(scope, { method: 'GET', path: `/v2/${repo}/referrers/${digest}`, headers: { accept: 'application/vnd.oci.image.index.v1+json' } })
  if (res.statusCode === 200) return { layout: 'referrers-api', manifests: manifestsOf(await readBody(res)) }
  await res.body.dump().catch(() => undefined)
  if (res.statusCode !== 404 && res.statusCode !== 400) {
    throw new ExternalError('REGISTRY_UNAVAILABLE', `referrers of ${repo}@${digest}: registry answered ${res.statusCode}`)
  }
  try {
    const idx = await client.getManifest(repo, digest.replace(':', '-'), 'application/vnd.oci.image.index.v1+json')
    return { layout: 'referrers-tag', manifests: manifestsOf(idx.bytes) }
  } catch (err) {
    if (err instanceof ImageError && err.code === 'IMAGE_NOT_FOUND') return undefined
    throw err
  }
}

/** True when the registry's /v2/ answer advertises `X-Registry-Supports-Signatures: 1`. */
export async function supportsSignatureExtension(client: RegistryClient): Promise<boolean> {
  const res = await client.request('', { method: 'GET', path: '/v2/' })
  await res.body.dump().catch(() => undefined)
  return header(res, 'x-registry-supports-signatures') === '1'
}

/** One signature as the signature extension API carries it. */
export interface ExtensionSignature {
  readonly schemaVersion: number
  readonly type: string
  readonly name: string
  /** base64 of the signature bytes. */
  readonly content: string
}

/** Reads the atomic signatures of `digest` through the extension API. */
export async function getExtensionSignatures(client: RegistryClient, repo: string, digest: string): Promise<Buffer[]> {
  const res = await client.request(`repository:${repo}:pull`, { method: 'GET', path: `/extensions/v2/${repo}/signatures/${digest}` })
  if (res.statusCode === 404) {
    await res.body.dump().catch(() => undefined)
    return []
  }
  if (res.statusCode !== 200) {
    await res.body.dump().catch(() => undefined)
    throw new ExternalError('REGISTRY_UNAVAILABLE', `signatures of ${repo}@${digest}: registry answered ${res.statusCode}`)
  }
  let list: unknown
  try {
    list = (JSON.parse((await readBody(res)).toString('utf8')) as { signatures?: unknown }).signatures
  } catch (err) {
    throw new ExternalError('REGISTRY_UNAVAILABLE', `signatures of ${repo}@${digest}: not JSON`, { cause: err })
  }
  if (!Array.isArray(list)) return []
  return list
    .filter((s): s is ExtensionSignature => typeof (s as ExtensionSignature).content === 'string' && (s as ExtensionSignature).type === 'atomic')
    .map((s) => Buffer.from(s.content, 'base64'))
}

/** Adds one atomic signature of `digest` through the extension API (one PUT per signature, as containers/image does). */
export async function putExtensionSignature(client: RegistryClient, repo: string, digest: string, sig: Buffer, name: string): Promise<void> {
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, name, type: 'atomic', content: sig.toString('base64') }))
  const res = await client.request(`repository:${repo}:pull,push`, {
    method: 'PUT',
    path: `/extensions/v2/${repo}/signatures/${digest}`,
    headers: { 'content-type': 'application/json' },
    body,
  })
  await res.body.dump().catch(() => undefined)
  if (res.statusCode < 200 || res.statusCode > 299) {
    throw new ExternalError('REGISTRY_UNAVAILABLE', `storing a signature of ${repo}@${digest}: registry answered ${res.statusCode}`)
  }
}
