import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { TokenRole, TokenStore } from '../core/index.js'
import { ApiError } from './errors.js'
import { FailedAuthLimiter } from './rate-limit.js'

/** Who is calling: the token's role and id. */
export interface AuthContext {
  readonly role: TokenRole
  readonly tokenId: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireRole` once the caller is authenticated. */
    auth?: AuthContext
  }
}

const RANK: Readonly<Record<TokenRole, number>> = { viewer: 0, developer: 1, admin: 2 }

/** True when `role` grants at least `needed` (admin > developer > viewer). */
export function hasRole(role: TokenRole, needed: TokenRole): boolean {
  return RANK[role] >= RANK[needed]
}

/** A new token secret: 256 random bits, prefixed so it is recognisable in leaked-secret scans. */
export function generateToken(): string {
  return `bwk_${randomBytes(32).toString('base64url')}`
}

/** How a token is stored: sha256 of a high-entropy secret (no salt or KDF needed at 256 bits). */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** Extracts the token from `Authorization: Bearer T` or `Basic base64(anyuser:T)`. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined
  const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header)
  if (!m?.[1] || !m[2]) return undefined
  if (m[1].toLowerCase() === 'bearer') return m[2]
  const decoded = Buffer.from(m[2], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined
}

/** The auth helpers handed to api/ routes and to the registry plugin. */
export interface Auth {
  /** Authenticates a request (Bearer or Basic); undefined when absent, wrong, revoked or rate-limited. */
  authenticate(request: FastifyRequest): Promise<AuthContext | undefined>
  /** A preHandler: 401 without a valid token, 403 below `role`, 429 after too many failures. */
  requireRole(role: TokenRole): preHandlerAsyncHookHandler
  /** The limiter, for tests and metrics. */
  readonly limiter: FailedAuthLimiter
}

/** Updating last_used_at on every request would write per request; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000

/** Builds the auth helpers over a TokenStore. */
export function createAuth(opts: {
  tokens: TokenStore
  limiter?: FailedAuthLimiter
  now?: () => number
  /** A process-internal secret (the scanner pulling from the built-in registry); never stored. */
  internal?: { secret: string; role: TokenRole }
}): Auth {
  const now = opts.now ?? Date.now
  const limiter = opts.limiter ?? new FailedAuthLimiter({ now })
  const internalHash = opts.internal ? Buffer.from(hashToken(opts.internal.secret), 'hex') : undefined

  async function authenticate(request: FastifyRequest): Promise<AuthContext | undefined> {
    const secret = tokenFromHeader(request.headers.authorization)
    if (secret === undefined || limiter.isBlocked(request.ip)) return undefined
    const hash = hashToken(secret)
    // The internal secret is compared in constant time (equal-length sha256 digests).
    if (internalHash && opts.internal && timingSafeEqual(internalHash, Buffer.from(hash, 'hex'))) {
      return { role: opts.internal.role, tokenId: 'internal' }
    }
    const rec = await opts.tokens.findByHash(hash)
    // The secret itself is never compared: its sha256 is looked up, so any timing difference of
    // the index lookup tells an attacker about a hash of a 256-bit secret, which is useless.
    if (rec === undefined || rec.revoked) {
      limiter.recordFailure(request.ip)
      return undefined
    }
    const last = rec.lastUsedAt ? Date.parse(rec.lastUsedAt) : 0
    if (now() - last > TOUCH_EVERY_MS) await opts.tokens.touch(rec.id, new Date(now()).toISOString())
    return { role: rec.role, tokenId: rec.id }
  }

  function requireRole(role: TokenRole): preHandlerAsyncHookHandler {
    return async function checkRole(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
      const auth = await authenticate(request)
      if (auth === undefined) {
        if (limiter.isBlocked(request.ip)) throw new ApiError('RATE_LIMITED', 'too many failed authentications; retry later')
        throw new ApiError('UNAUTHENTICATED', 'a valid API token is required')
      }
      if (!hasRole(auth.role, role)) throw new ApiError('FORBIDDEN', `this action needs the ${role} role`)
      request.auth = auth
    }
  }

  return { authenticate, requireRole, limiter }
}
