import { DEFAULT_IMAGE_LIMITS, ExternalError, ImageError } from '../../core/index.js'
import type { ImageLimits } from '../../core/index.js'
import { DOCKER_HUB, DOCKER_HUB_API_HOST } from '../reference.js'
import { Authenticator } from './auth.js'
import type { Credentials } from './auth.js'
import { HttpTransport, discard } from './http.js'
import type { HttpOptions, HttpRequest, HttpResponse } from './http.js'

// ref: https://github.com/opencontainers/distribution-spec/blob/main/spec.md
// ref: https://distribution.github.io/distribution/spec/auth/token/

/** How to reach one registry. */
export interface RegistryClientOptions extends HttpOptions {
  /** Registry host[:port] as in references (`docker.io` is reached at registry-1.docker.io). */
  readonly registry: string
  readonly credentials?: Credentials
  /** Caps on documents read from the registry. */
  readonly limits?: Partial<ImageLimits>
}

/** The token scope for actions on a repository. */
export function scopeOf(repo: string, actions: 'pull' | 'pull,push'): string {
  return `repository:${repo}:${actions}`
}

/** One response header value (the first when repeated). */
export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** The media type of a response, without parameters. */
export function mediaTypeOf(res: HttpResponse): string | undefined {
  return header(res, 'content-type')?.split(';')[0]?.trim()
}

/** Reads a body of at most `max` bytes (by Content-Length and by count), else SIZE_LIMIT. */
export async function readBounded(res: HttpResponse, max: number, what: string): Promise<Buffer> {
  const declared = Number(header(res, 'content-length') ?? NaN)
  if (declared > max) {
    await discard(res)
    throw new ImageError('SIZE_LIMIT', `${what} is ${declared} bytes, over the ${max}-byte limit`)
  }
  const parts: Buffer[] = []
  let n = 0
  for await (const chunk of res.body) {
    n += (chunk as Buffer).length
    if (n > max) {
      res.body.destroy()
      throw new ImageError('SIZE_LIMIT', `${what} is over the ${max}-byte limit`)
    }
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts, n)
}

/**
 * The transport half of a registry client: scheme discovery (https, or http only when insecure),
 * auth challenges, retries and error mapping. RegistryClient adds the Distribution API on top.
 */
export class RegistrySession {
  /** `https://host` or `http://host` once a scheme has answered. */
  private base: string | undefined
  protected readonly http: HttpTransport
  private readonly auth: Authenticator
  protected readonly host: string
  private readonly insecure: boolean
  protected readonly limits: ImageLimits

  constructor(opts: RegistryClientOptions) {
    this.host = opts.registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : opts.registry
    this.insecure = opts.insecure === true
    this.http = new HttpTransport(opts)
    this.auth = new Authenticator(this.http, this.host, opts.credentials, this.insecure)
    this.limits = { ...DEFAULT_IMAGE_LIMITS, ...opts.limits }
  }

  /**
   * Sends `path` (below /v2/, or an absolute URL the registry gave) with auth for `scope`
   * (`repository:NAME:pull`, `registry:catalog:*`); answers one 401 challenge.
   */
  async request(
    scope: string,
    req: Omit<HttpRequest, 'url'> & { path: string },
  ): Promise<HttpResponse> {
    const base = await this.baseUrl()
    const url = req.path.startsWith('http') ? req.path : `${base}${req.path}`
    const send = (authorization?: string): Promise<HttpResponse> =>
      this.http.send({
        method: req.method,
        url,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        ...(req.body !== undefined ? { body: req.body } : {}),
      })
    let res = await send(this.auth.cached(scope))
    if (res.statusCode !== 401) return res
    const challenge = header(res, 'www-authenticate')
    await discard(res)
    res = await send(await this.auth.answer(challenge, scope))
    if (res.statusCode === 401) {
      await discard(res)
      throw new ExternalError(
        'REGISTRY_AUTH',
        `${this.host}: authentication failed for ${scope || 'the registry'}`,
      )
    }
    return res
  }

  /** The base URL: https, or (only when insecure) https without verification then plain http. */
  protected async baseUrl(): Promise<string> {
    if (this.base) return this.base
    const candidates = this.insecure
      ? [`https://${this.host}`, `http://${this.host}`]
      : [`https://${this.host}`]
    let lastErr: unknown
    for (const [i, base] of candidates.entries()) {
      try {
        // An https probe of a plain-http registry fails at once: do not retry it, fall back.
        const res = await this.http.send(
          { method: 'GET', url: `${base}/v2/` },
          i < candidates.length - 1 ? 0 : undefined,
        )
        await discard(res)
        this.base = base
        return base
      } catch (err) {
        lastErr = err
      }
    }
    throw lastErr instanceof Error
      ? lastErr
      : new ExternalError('REGISTRY_UNAVAILABLE', `${this.host}: unreachable`)
  }

  protected async fail(res: HttpResponse, what: string): Promise<never> {
    const body = (await readBounded(res, 64 * 1024, what).catch(() => Buffer.alloc(0)))
      .toString('utf8')
      .slice(0, 300)
    if (res.statusCode === 404)
      throw new ImageError('IMAGE_NOT_FOUND', `${what}: not found (404) ${body}`.trim())
    if (res.statusCode === 403)
      throw new ExternalError('REGISTRY_AUTH', `${what}: access denied (403) ${body}`.trim())
    throw new ExternalError(
      'REGISTRY_UNAVAILABLE',
      `${what}: registry answered ${res.statusCode} ${body}`.trim(),
    )
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.http.close()
  }
}
