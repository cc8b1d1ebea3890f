import { createHash } from 'node:crypto'
import { Transform } from 'node:stream'
import type { Readable } from 'node:stream'
import { ExternalError, ImageError, isDigest } from '../../core/index.js'
import { MANIFEST_ACCEPT } from '../manifest.js'
import { digestOf, verifyDigest } from '../resolve.js'
import { discard } from './http.js'
import { RegistrySession, header, mediaTypeOf, readBounded, scopeOf } from './session.js'

export type { RegistryClientOptions } from './session.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/main/spec.md

/** A manifest or index as the registry returned it, digest-verified. */
export interface FetchedManifest {
  readonly bytes: Buffer
  readonly digest: string
  readonly mediaType?: string
}

/** What a HEAD tells about a manifest or blob. */
export interface RegistryHead {
  readonly digest?: string
  readonly mediaType?: string
  readonly size?: number
}

/**
 * A client for one OCI Distribution (v2) registry: manifests and blobs by tag or digest, uploads,
 * tags and referrers, with anonymous, Basic and Bearer-token auth and bounded retries. Reusable
 * by scanning, signing and registry tooling; every document read is size-capped and digest-checked.
 */
export class RegistryClient extends RegistrySession {
  /** Fetches a manifest or index by tag or digest, Docker and OCI types accepted; digest-verified. */
  async getManifest(
    repo: string,
    reference: string,
    accept = MANIFEST_ACCEPT,
  ): Promise<FetchedManifest> {
    const what = `${this.host}/${repo}:${reference}`
    const res = await this.request(scopeOf(repo, 'pull'), {
      method: 'GET',
      path: `/v2/${repo}/manifests/${reference}`,
      headers: { accept },
    })
    if (res.statusCode !== 200) return this.fail(res, `manifest ${what}`)
    const bytes = await readBounded(res, this.limits.maxManifestSize, `manifest ${what}`)
    const claimed = header(res, 'docker-content-digest')
    const digest = isDigest(reference)
      ? reference
      : claimed && isDigest(claimed)
        ? claimed
        : digestOf(bytes)
    verifyDigest(bytes, digest, what, 'manifest')
    const mediaType = mediaTypeOf(res)
    return { bytes, digest, ...(mediaType !== undefined ? { mediaType } : {}) }
  }

  /** HEADs a manifest; undefined when it does not exist. */
  async headManifest(repo: string, reference: string): Promise<RegistryHead | undefined> {
    return this.head(repo, `/v2/${repo}/manifests/${reference}`, MANIFEST_ACCEPT)
  }

  /** HEADs a blob; undefined when it does not exist. */
  async headBlob(repo: string, digest: string): Promise<RegistryHead | undefined> {
    return this.head(repo, `/v2/${repo}/blobs/${digest}`)
  }

  private async head(
    repo: string,
    path: string,
    accept?: string,
  ): Promise<RegistryHead | undefined> {
    const res = await this.request(scopeOf(repo, 'pull'), {
      method: 'HEAD',
      path,
      ...(accept ? { headers: { accept } } : {}),
    })
    await discard(res)
    if (res.statusCode === 404) return undefined
    if (res.statusCode !== 200) return this.fail(res, `${this.host}${path}`)
    const digest = header(res, 'docker-content-digest')
    const size = Number(header(res, 'content-length') ?? NaN)
    const mediaType = mediaTypeOf(res)
    return {
      ...(digest !== undefined ? { digest } : {}),
      ...(mediaType !== undefined ? { mediaType } : {}),
      ...(Number.isFinite(size) ? { size } : {}),
    }
  }

  /**
   * Streams a blob. With `verify` (default) the stream fails with DIGEST_MISMATCH at its end when
   * the bytes do not hash to `digest`, and as soon as they exceed `maxSize`.
   */
  async getBlob(
    repo: string,
    digest: string,
    opts: { verify?: boolean; maxSize?: number } = {},
  ): Promise<Readable> {
    const what = `${this.host}/${repo}@${digest}`
    const res = await this.request(scopeOf(repo, 'pull'), {
      method: 'GET',
      path: `/v2/${repo}/blobs/${digest}`,
    })
    if (res.statusCode !== 200) return this.fail(res, `blob ${what}`)
    const declared = Number(header(res, 'content-length') ?? NaN)
    if (opts.maxSize !== undefined && declared > opts.maxSize) {
      await discard(res)
      throw new ImageError(
        'DIGEST_MISMATCH',
        `blob ${what}: registry sends ${declared} bytes, expected at most ${opts.maxSize}`,
      )
    }
    if (opts.verify === false) return res.body
    const hash = createHash(digest.startsWith('sha512:') ? 'sha512' : 'sha256')
    let n = 0
    const check = new Transform({
      transform(chunk: Buffer, _e, cb) {
        n += chunk.length
        if (opts.maxSize !== undefined && n > opts.maxSize)
          return cb(
            new ImageError('DIGEST_MISMATCH', `blob ${what}: more than ${opts.maxSize} bytes`),
          )
        hash.update(chunk)
        cb(null, chunk)
      },
      flush(cb) {
        const got = `${digest.slice(0, digest.indexOf(':'))}:${hash.digest('hex')}`
        cb(
          got === digest
            ? null
            : new ImageError('DIGEST_MISMATCH', `blob ${what}: content hashes to ${got}`),
        )
      },
    })
    res.body.on('error', (err) => check.destroy(err))
    return res.body.pipe(check)
  }

  /** Reads a small blob (a config) whole, size-capped and digest-verified. */
  async getBlobBytes(
    repo: string,
    digest: string,
    maxSize = this.limits.maxManifestSize,
  ): Promise<Buffer> {
    const what = `${this.host}/${repo}@${digest}`
    const res = await this.request(scopeOf(repo, 'pull'), {
      method: 'GET',
      path: `/v2/${repo}/blobs/${digest}`,
    })
    if (res.statusCode !== 200) return this.fail(res, `blob ${what}`)
    const bytes = await readBounded(res, maxSize, `blob ${what}`)
    verifyDigest(bytes, digest, what, 'blob')
    return bytes
  }

  /**
   * Uploads a blob unless the registry already has it: POST to open an upload, then one
   * monolithic PUT with `?digest=`. A Buffer body is retried on transient failures; a stream is not.
   */
  async uploadBlob(
    repo: string,
    digest: string,
    body: Buffer | Readable,
    size?: number,
  ): Promise<void> {
    const what = `${this.host}/${repo}@${digest}`
    if (await this.headBlob(repo, digest)) return
    const start = await this.request(scopeOf(repo, 'pull,push'), {
      method: 'POST',
      path: `/v2/${repo}/blobs/uploads/`,
    })
    if (start.statusCode !== 202) return this.fail(start, `upload ${what}`)
    await discard(start)
    const location = header(start, 'location')
    if (!location)
      throw new ExternalError(
        'REGISTRY_UNAVAILABLE',
        `upload ${what}: no Location in the upload answer`,
      )
    const url = new URL(location, await this.baseUrl())
    url.searchParams.set('digest', digest)
    const length = Buffer.isBuffer(body) ? body.length : size
    const res = await this.request(scopeOf(repo, 'pull,push'), {
      method: 'PUT',
      path: url.toString(),
      headers: {
        'content-type': 'application/octet-stream',
        ...(length !== undefined ? { 'content-length': String(length) } : {}),
      },
      body,
    })
    if (res.statusCode !== 201) return this.fail(res, `upload ${what}`)
    await discard(res)
  }

  /** Puts a manifest or index under a tag or digest; returns the digest of the bytes sent. */
  async putManifest(
    repo: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<string> {
    const res = await this.request(scopeOf(repo, 'pull,push'), {
      method: 'PUT',
      path: `/v2/${repo}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes,
    })
    if (res.statusCode !== 201) return this.fail(res, `manifest ${this.host}/${repo}:${reference}`)
    await discard(res)
    return digestOf(bytes)
  }

  /** Deletes a manifest by digest (registries need deletion enabled); false when it did not exist. */
  async deleteManifest(repo: string, digest: string): Promise<boolean> {
    const res = await this.request(scopeOf(repo, 'pull,push'), {
      method: 'DELETE',
      path: `/v2/${repo}/manifests/${digest}`,
    })
    if (res.statusCode === 404) {
      await discard(res)
      return false
    }
    if (res.statusCode !== 202 && res.statusCode !== 200)
      return this.fail(res, `delete ${this.host}/${repo}@${digest}`)
    await discard(res)
    return true
  }

  /** Lists every tag of a repository, following `Link` pagination (at most 1000 pages). */
  async listTags(repo: string, pageSize = 1000): Promise<string[]> {
    return this.paginate(
      scopeOf(repo, 'pull'),
      `/v2/${repo}/tags/list?n=${pageSize}`,
      'tags',
      `tags of ${this.host}/${repo}`,
    )
  }

  /** Lists the repositories of the registry (`/v2/_catalog`), following `Link` pagination. */
  async listRepositories(pageSize = 1000): Promise<string[]> {
    return this.paginate(
      'registry:catalog:*',
      `/v2/_catalog?n=${pageSize}`,
      'repositories',
      `catalog of ${this.host}`,
    )
  }

  private async paginate(
    scope: string,
    first: string,
    key: 'tags' | 'repositories',
    what: string,
  ): Promise<string[]> {
    const out: string[] = []
    let path: string | undefined = first
    for (let page = 0; path !== undefined && page < 1000; page++) {
      const res = await this.request(scope, {
        method: 'GET',
        path,
        headers: { accept: 'application/json' },
      })
      if (res.statusCode !== 200) return this.fail(res, what)
      const doc = JSON.parse(
        (await readBounded(res, this.limits.maxManifestSize, what)).toString('utf8'),
      ) as Record<string, unknown>
      const list = doc[key]
      if (Array.isArray(list)) out.push(...list.filter((t): t is string => typeof t === 'string'))
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(res, 'link') ?? '')?.[1]
      path = next === undefined ? undefined : new URL(next, await this.baseUrl()).toString()
    }
    return out
  }

  /**
   * Lists referrers of `digest` (signatures, SBOMs, attestations) as an OCI index: the referrers
   * API when the registry has it, else the `sha256-<hex>` tag fallback; empty when there are none.
   */
  async referrers(
    repo: string,
    digest: string,
    artifactType?: string,
  ): Promise<{ manifests: unknown[] } & Record<string, unknown>> {
    const q = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : ''
    const res = await this.request(scopeOf(repo, 'pull'), {
      method: 'GET',
      path: `/v2/${repo}/referrers/${digest}${q}`,
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    })
    if (res.statusCode === 200) {
      const doc = JSON.parse(
        (await readBounded(res, this.limits.maxManifestSize, 'referrers')).toString('utf8'),
      ) as { manifests?: unknown[] }
      return { ...doc, manifests: filterType(doc.manifests ?? [], artifactType) }
    }
    if (res.statusCode !== 404) return this.fail(res, `referrers of ${this.host}/${repo}@${digest}`)
    await discard(res)
    const tag = digest.replace(':', '-')
    try {
      const idx = await this.getManifest(repo, tag, 'application/vnd.oci.image.index.v1+json')
      const doc = JSON.parse(idx.bytes.toString('utf8')) as { manifests?: unknown[] }
      return { ...doc, manifests: filterType(doc.manifests ?? [], artifactType) }
    } catch (err) {
      if (err instanceof ImageError && err.code === 'IMAGE_NOT_FOUND') {
        return {
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [],
        }
      }
      throw err
    }
  }
}

function filterType(manifests: unknown[], artifactType: string | undefined): unknown[] {
  if (artifactType === undefined) return manifests
  return manifests.filter((m) => (m as { artifactType?: unknown }).artifactType === artifactType)
}
