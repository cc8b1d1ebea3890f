import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Agent, Dispatcher } from 'undici'
import { ExternalError } from '../../core/index.js'

/** An HTTP response with its body still unread (a stream). */
export type HttpResponse = Dispatcher.ResponseData

/** One request to send; `body` must be replayable (a Buffer) for it to be retried. */
export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly url: string
  readonly headers?: Record<string, string>
  readonly body?: Buffer | Readable
}

/** Timeouts and retry policy of an HttpTransport. */
export interface HttpOptions {
  /** Skip TLS verification (only with --insecure). */
  readonly insecure?: boolean
  /** Connect, headers and idle-body timeout in ms (default 30 s). */
  readonly timeoutMs?: number
  /** Retries after the first attempt on 429, 5xx and connection errors (default 3). */
  readonly retries?: number
  /** First backoff delay in ms, doubled each retry (default 250). */
  readonly retryBaseMs?: number
}

/** undici's request as used here; loaded on first use so local image sources never pay for it. */
type RequestFn = (
  url: string,
  opts: {
    method: HttpRequest['method']
    headers: Record<string, string>
    body?: Buffer | Readable
    dispatcher: Dispatcher
  },
) => Promise<Dispatcher.ResponseData>

const MAX_REDIRECTS = 5
const MAX_RETRY_AFTER_MS = 10_000
const RETRY_STATUS = new Set([429, 500, 502, 503, 504])

/** Drains a body we will not read without buffering it (undici closes the socket past 64 KiB). */
export async function discard(res: HttpResponse): Promise<void> {
  await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
}

function retryAfterMs(res: HttpResponse): number | undefined {
  const h = res.headers['retry-after']
  const v = Array.isArray(h) ? h[0] : h
  if (v === undefined) return undefined
  const secs = Number(v)
  if (Number.isFinite(secs)) return Math.min(secs * 1000, MAX_RETRY_AFTER_MS)
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - Date.now(), 0), MAX_RETRY_AFTER_MS)
}

/**
 * HTTP with bounded timeouts, bounded retries with exponential backoff (429, 5xx, connection
 * errors; only for replayable bodies) and manual redirects that drop credentials across origins.
 */
export class HttpTransport {
  private undici: Promise<{ agent: Agent; request: RequestFn }> | undefined
  private readonly insecure: boolean
  private readonly retries: number
  private readonly retryBaseMs: number
  private readonly timeoutMs: number

  constructor(opts: HttpOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 30_000
    this.retries = opts.retries ?? 3
    this.retryBaseMs = opts.retryBaseMs ?? 250
    this.insecure = opts.insecure === true
  }

  private client(): Promise<{ agent: Agent; request: RequestFn }> {
    this.undici ??= import('undici').then((u) => ({
      agent: new u.Agent({
        connect: { rejectUnauthorized: !this.insecure, timeout: this.timeoutMs },
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      }),
      request: u.request as unknown as RequestFn,
    }))
    return this.undici
  }

  /** Sends a request, following redirects and retrying transient failures (`retries` overrides the default). */
  async send(req: HttpRequest, retries = this.retries): Promise<HttpResponse> {
    const replayable = req.body === undefined || Buffer.isBuffer(req.body)
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries || !replayable
      let res: HttpResponse
      try {
        res = await this.follow(req)
      } catch (err) {
        if (last) throw toNetworkError(req.url, err)
        await sleep(this.backoff(attempt))
        continue
      }
      if (!RETRY_STATUS.has(res.statusCode) || last) return res
      const wait = retryAfterMs(res) ?? this.backoff(attempt)
      await discard(res)
      await sleep(wait)
    }
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseMs * 2 ** attempt
    return base + Math.floor(Math.random() * (base / 2))
  }

  private async follow(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url
    let headers = { ...req.headers }
    const { agent, request } = await this.client()
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        dispatcher: agent,
      })
      const location = res.headers.location
      const isRedirect =
        [301, 302, 303, 307, 308].includes(res.statusCode) && typeof location === 'string'
      if (!isRedirect || hop >= MAX_REDIRECTS || (req.method !== 'GET' && req.method !== 'HEAD'))
        return res
      await discard(res)
      const next = new URL(location, url)
      // Blob redirects go to storage (S3, CDN): never carry registry credentials there.
      if (next.origin !== new URL(url).origin) {
        const { authorization: _dropped, ...rest } = headers
        headers = rest
      }
      url = next.toString()
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    if (this.undici) await (await this.undici).agent.close()
  }
}

function toNetworkError(url: string, err: unknown): ExternalError {
  const e = err as { code?: string; message?: string }
  const origin = new URL(url).host
  if (
    e.code === 'UND_ERR_CONNECT_TIMEOUT' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new ExternalError('TIMEOUT', `${origin}: request timed out (${e.code})`, { cause: err })
  }
  return new ExternalError('REGISTRY_UNAVAILABLE', `${origin}: ${e.message ?? String(err)}`, {
    cause: err,
  })
}
