import { UserError } from '../core/index.js'
import { RegistryClient, parseImageReference, resolveCredentials } from '../oci/index.js'
import type { RegistryReference } from '../oci/index.js'

/** How to reach the registry of an image to sign or verify. */
export interface ClientOptions {
  readonly insecure?: boolean
  readonly username?: string
  readonly password?: string
  readonly authFile?: string
  /** Environment for auth file lookup (never process.env inside engines). */
  readonly env?: NodeJS.ProcessEnv
  readonly timeoutMs?: number
  readonly retries?: number
}

/** Parses a registry image reference; other transports cannot carry signatures (UserError). */
export function parseSignableReference(text: string): RegistryReference {
  const ref = parseImageReference(text)
  if (ref.transport !== 'registry') throw new UserError('IMAGE_REF_INVALID', `${text}: signatures live in a registry; give a registry reference`)
  return ref
}

/** A registry client for `ref` with credentials from flags, an auth file or the environment's files. */
export async function createClientFor(ref: RegistryReference, o: ClientOptions): Promise<RegistryClient> {
  const credentials = await resolveCredentials(ref.registry, ref.repository, {
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.authFile !== undefined ? { authFile: o.authFile } : {}),
    env: o.env ?? {},
  })
  return new RegistryClient({
    registry: ref.registry,
    ...(o.insecure ? { insecure: true } : {}),
    ...(credentials ? { credentials } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
  })
}
