import { ExternalError } from '../../core/index.js'
import { discard } from './http.js'
import type { HttpTransport } from './http.js'

// ref: https://distribution.github.io/distribution/spec/auth/token/
// ref: https://www.rfc-editor.org/rfc/rfc7235#section-4.1 (WWW-Authenticate)

/** One parsed WWW-Authenticate challenge. */
export interface AuthChallenge {
  readonly scheme: string
  readonly params: Readonly<Record<string, string>>
}

/** Username and password (or identity token as password) for one registry. */
export interface Credentials {
  readonly username: string
  readonly password: string
}

const TOKEN_CHAR = /[\w!#$%&'*+.^`|~-]/

function readQuoted(h: string, start: number): [string, number] {
  let i = start + 1
  let v = ''
  while (i < h.length && h[i] !== '"') {
    if (h[i] === '\\') i++
    v += h[i] ?? ''
    i++
  }
  return [v, i + 1]
}

/** Parses a WWW-Authenticate header into challenges (`Bearer realm="...",service="..."`). */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const out: { scheme: string; params: Record<string, string> }[] = []
  let i = 0
  while (i < header.length) {
    while (i < header.length && /[\s,]/.test(header[i] ?? '')) i++
    const s = i
    while (i < header.length && TOKEN_CHAR.test(header[i] ?? '')) i++
    const word = header.slice(s, i)
    if (word === '') {
      i++
      continue
    }
    let j = i
    while (header[j] === ' ') j++
    const cur = out[out.length - 1]
    if (header[j] !== '=' || !cur) {
      out.push({ scheme: word.toLowerCase(), params: {} })
      continue
    }
    i = j + 1
    while (header[i] === ' ') i++
    let value: string
    if (header[i] === '"') {
      ;[value, i] = readQuoted(header, i)
    } else {
      const v = i
      while (i < header.length && !/[\s,]/.test(header[i] ?? '')) i++
      value = header.slice(v, i)
    }
    cur.params[word.toLowerCase()] = value
  }
  return out
}

function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
}

interface CachedToken {
  readonly header: string
  readonly expires: number
}

/**
 * Answers registry challenges: Basic with the configured credentials, Bearer by fetching a token
 * from the realm (anonymously or with the credentials) and caching it per scope until expiry.
 */
export class Authenticator {
  private readonly tokens = new Map<string, CachedToken>()
  private basic = false

  constructor(
    private readonly http: HttpTransport,
    private readonly host: string,
    private readonly credentials: Credentials | undefined,
    private readonly allowInsecureRealm: boolean,
  ) {}

  /** The Authorization header to send up front for `scope`, if one is known. */
  cached(scope: string): string | undefined {
    if (this.basic && this.credentials) return basicHeader(this.credentials)
    const t = this.tokens.get(scope)
    return t && t.expires > Date.now() ? t.header : undefined
  }

  /** Answers a 401 challenge for `scope`; returns the header to retry with. */
  async answer(wwwAuthenticate: string | undefined, scope: string): Promise<string> {
    const challenges = parseAuthChallenges(wwwAuthenticate ?? '')
    const bearer = challenges.find((c) => c.scheme === 'bearer')
    if (bearer) return this.fetchToken(bearer, scope)
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (!this.credentials)
        throw new ExternalError(
          'REGISTRY_AUTH',
          `${this.host}: authentication required and no credentials found`,
        )
      this.basic = true
      return basicHeader(this.credentials)
    }
    throw new ExternalError(
      'REGISTRY_AUTH',
      `${this.host}: unsupported authentication challenge "${wwwAuthenticate ?? ''}"`,
    )
  }

  private async fetchToken(c: AuthChallenge, scope: string): Promise<string> {
    const realm = c.params.realm
    if (!realm)
      throw new ExternalError('REGISTRY_AUTH', `${this.host}: bearer challenge without realm`)
    const url = new URL(realm)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowInsecureRealm)) {
      throw new ExternalError(
        'REGISTRY_AUTH',
        `${this.host}: token realm ${realm} is not https (use --insecure to allow)`,
      )
    }
    if (c.params.service) url.searchParams.set('service', c.params.service)
    for (const s of new Set([scope, ...(c.params.scope ?? '').split(' ')]))
      if (s) url.searchParams.append('scope', s)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.credentials) headers.authorization = basicHeader(this.credentials)
    const res = await this.http.send({ method: 'GET', url: url.toString(), headers })
    if (res.statusCode !== 200) {
      await discard(res)
      throw new ExternalError(
        'REGISTRY_AUTH',
        `${this.host}: token server ${url.host} answered ${res.statusCode}`,
      )
    }
    const text = await res.body.text()
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown }
    try {
      body = JSON.parse(text.slice(0, 1024 * 1024)) as typeof body
    } catch (err) {
      throw new ExternalError('REGISTRY_AUTH', `${this.host}: token server answered invalid JSON`, {
        cause: err,
      })
    }
    const token = typeof body.token === 'string' ? body.token : body.access_token
    if (typeof token !== 'string' || token === '')
      throw new ExternalError('REGISTRY_AUTH', `${this.host}: token server gave no token`)
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60
    const header = `Bearer ${token}`
    this.tokens.set(scope, { header, expires: Date.now() + (ttl - 5) * 1000 })
    return header
  }
}
