import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { ExternalError, type AdvisorySourceMeta } from '../../core/index.js'
import type { Dispatcher } from 'undici'

/** Limits of one archive download. */
export interface FetchOptions {
  readonly timeoutMs?: number
  /** Largest archive accepted (default 4 GiB). */
  readonly maxBytes?: number
}

/** A download: not modified since the stored validators, or saved to `path`. */
export type FetchResult =
  | { readonly status: 'not-modified' }
  | {
      readonly status: 'fetched'
      readonly path: string
      readonly etag?: string
      readonly lastModified?: string
    }

// ref: https://www.rfc-editor.org/rfc/rfc9110#section-13.1 (If-None-Match, If-Modified-Since)
/**
 * Downloads an archive to `dest` with a conditional request built from what the store recorded
 * last time, so an unchanged archive costs one 304 response and no body.
 */
export async function fetchArchive(
  url: string,
  dest: string,
  previous: AdvisorySourceMeta | undefined,
  options: FetchOptions = {},
): Promise<FetchResult> {
  const timeout = options.timeoutMs ?? 300_000
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 3
  const headers: Record<string, string> = { 'user-agent': 'bulwark' }
  if (previous?.etag) headers['if-none-match'] = previous.etag
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified
  let res: Dispatcher.ResponseData
  try {
    // Loaded on first use: a scan that never fetches advisories never pays for the HTTP stack.
    const { request } = await import('undici')
    res = await request(url, { headers, headersTimeout: timeout, bodyTimeout: timeout })
  } catch (err) {
    throw new ExternalError('OSV_FEED_UNAVAILABLE', `cannot fetch ${url}`, { cause: err })
  }
  if (res.statusCode === 304) {
    await res.body.dump()
    return { status: 'not-modified' }
  }
  if (res.statusCode !== 200) {
    await res.body.dump()
    throw new ExternalError('OSV_FEED_UNAVAILABLE', `fetching ${url}: HTTP ${res.statusCode}`)
  }
  let seen = 0
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length
      cb(seen > maxBytes ? new Error(`archive larger than ${maxBytes} bytes`) : null, chunk)
    },
  })
  try {
    await pipeline(res.body, limit, createWriteStream(dest))
  } catch (err) {
    await rm(dest, { force: true })
    throw new ExternalError('OSV_FEED_UNAVAILABLE', `downloading ${url} failed`, { cause: err })
  }
  const etag = header(res.headers['etag'])
  const lastModified = header(res.headers['last-modified'])
  return {
    status: 'fetched',
    path: dest,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
