import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryStore, TokenRole } from '../core/index.js'
import type { BlobStore } from './blob-store.js'

/** A manifest just stored by a PUT (scan-on-push hook). */
export interface ManifestPushedEvent {
  readonly repository: string
  readonly digest: string
  readonly tag?: string
}

/** Options of `registryPlugin`. */
export interface RegistryOptions {
  readonly store: RegistryStore
  readonly blobs: BlobStore
  /** Who is calling (Bearer or Basic token); undefined when anonymous or wrong. */
  authenticate(request: FastifyRequest): Promise<{ role: TokenRole } | undefined>
  /**
   * Called after a successful PUT of an image manifest whose config is an image config (OCI or
   * Docker). Indexes and artifacts (signatures, SBOMs, attestations) are not reported.
   */
  onManifestPushed?(e: ManifestPushedEvent): void
  /** Realm of the `WWW-Authenticate: Basic` challenge. Default "bulwark". */
  readonly realm?: string
  /** Largest manifest accepted (bytes). Default 4 MiB. */
  readonly maxManifestBytes?: number
}

/** What every handler receives. */
export interface HandlerContext {
  readonly opts: RegistryOptions
  readonly request: FastifyRequest
  readonly reply: FastifyReply
  readonly query: Readonly<Record<string, string | undefined>>
  /** Serialises writers of one signature file (one map per plugin instance). */
  readonly signatureLocks: Map<string, Promise<unknown>>
}

/** The first value of a query parameter. */
export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const q = request.query as Record<string, string | string[] | undefined> | undefined
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(q ?? {})) out[k] = Array.isArray(v) ? v[0] : v
  return out
}
