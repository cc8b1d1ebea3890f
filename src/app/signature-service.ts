import type { Logger } from '../core/index.js'
import { RegistryClient, type RegistryReference } from '../oci/index.js'
import type { SignableVersion, Store } from '../store/index.js'
import {
  getExtensionSignatures, mergeTrustedKeys, NO_KEYS, parseTrustedKeys, signatureStatus, supportsSignatureExtension, type SignatureStatus, type TrustedKeys,
} from '../supplychain/index.js'
import type { SecretBox } from './secrets.js'

/** Most versions one key change recomputes (the rest keep their state until their next push or scan). */
export const RECOMPUTE_LIMIT = 5000

/** Dependencies of the signature service. */
export interface SignatureServiceDeps {
  readonly store: Store
  readonly log: Logger
  readonly secrets: SecretBox
  /** host:port of this process's own /v2/ (known once listening). */
  readonly registryAddress: () => string
  readonly internalSecret: string
  /**
   * The name clients reach the built-in registry by (`registry.example.com`), when it is not the
   * address the server checks itself through: signatures of its images name that host.
   */
  readonly externalName?: string
  /** Delays before each retry of a lookup that failed (registry unreachable); default 30 s, 2 min, 10 min. */
  readonly retryDelaysMs?: readonly number[]
}

const RETRY_DELAYS_MS = [30_000, 120_000, 600_000]

/** Computes and stores signature states; every refresh runs in one serial lane (no registry storm). */
export interface SignatureService {
  /** Queues a refresh of one version; resolves when it is stored. */
  refresh(v: SignableVersion): Promise<void>
  /** Drops the parsed-key cache and recomputes every tracked version (bounded by RECOMPUTE_LIMIT). */
  keysChanged(): Promise<void>
  /** Resolves when every queued refresh has run (tests, shutdown). */
  idle(): Promise<void>
  /** Cancels the retries waiting for their time (shutdown). */
  close(): void
}

/**
 * signatureStatus only reads GPG signatures when OpenPGP keys are trusted; without any, a GPG
 * signature in the extension API still makes the version 'invalid' (signed, by no trusted key).
 */
async function withUnverifiableGpg(client: RegistryClient, ref: RegistryReference, trusted: TrustedKeys, status: SignatureStatus): Promise<SignatureStatus> {
  if (status !== 'unsigned' || trusted.pgp.length > 0 || ref.digest === undefined) return status
  if (!(await supportsSignatureExtension(client))) return status
  return (await getExtensionSignatures(client, ref.repository, ref.digest)).length > 0 ? 'invalid' : status
}

/**
 * Signature states of image versions. Built-in images are verified through the server's own
 * /v2/ with the internal secret (the same path the scanner pulls, extension API included),
 * external ones through their registry with the registry's sealed credentials.
 */
export function createSignatureService(deps: SignatureServiceDeps): SignatureService {
  let keys: Promise<TrustedKeys> | undefined
  let lane: Promise<void> = Promise.resolve()
  const pending = new Set<string>()
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  /** Failed lookups so far, per version waiting for a retry. */
  const failures = new Map<string, number>()
  const retries = new Set<NodeJS.Timeout>()
  let closed = false

  async function loadKeys(): Promise<TrustedKeys> {
    const parsed = await Promise.all((await deps.store.keys.list()).map((k) => parseTrustedKeys(k.key)))
    return mergeTrustedKeys(NO_KEYS, ...parsed)
  }

  async function clientFor(v: SignableVersion): Promise<{ client: RegistryClient; registry: string; repository: string }> {
    if (v.source === 'registry') {
      const registry = deps.registryAddress()
      const client = new RegistryClient({ registry, insecure: true, credentials: { username: 'bulwark', password: deps.internalSecret } })
      return { client, registry, repository: v.repository }
    }
    const reg = (await deps.store.externalRegistries.list()).find((r) => v.repository.startsWith(`${r.host}/`))
    if (!reg) throw new TypeError(`no external registry holds ${v.repository}`)
    const sealed = await deps.store.externalRegistries.getCredentials(reg.id)
    const credentials = sealed ? (JSON.parse(deps.secrets.decrypt(sealed)) as { username: string; password: string }) : undefined
    const client = new RegistryClient({ registry: reg.host, insecure: reg.insecure, ...(credentials ? { credentials } : {}) })
    return { client, registry: reg.host, repository: v.repository.slice(reg.host.length + 1) }
  }

  async function compute(v: SignableVersion): Promise<void> {
    keys ??= loadKeys()
    const trusted = await keys
    const { client, registry, repository } = await clientFor(v)
    try {
      const tag = v.tag ?? (v.source === 'registry' ? await deps.store.keys.tagOf(v.repository, v.digest) : undefined)
      const reference: RegistryReference = { transport: 'registry', registry, repository, digest: v.digest, ...(tag ? { tag } : {}) }
      const identity = v.source === 'registry' && deps.externalName ? `${deps.externalName}/${v.repository}` : undefined
      const status = await withUnverifiableGpg(client, reference, trusted, await signatureStatus(client, reference, trusted, identity))
      await deps.store.keys.setSignature(v, status)
      deps.log.debug({ repository: v.repository, digest: v.digest, status }, 'signature status')
    } finally {
      await client.close()
    }
  }

  function refresh(v: SignableVersion): Promise<void> {
    const key = `${v.source} ${v.repository}@${v.digest}`
    if (pending.has(key)) return lane
    pending.add(key)
    lane = lane.then(async () => {
      pending.delete(key)
      try {
        await compute(v)
        failures.delete(key)
      } catch (err) {
        // An unreachable registry is no verdict: the stored state stays, the log says why, and the
        // lookup is tried again a few times, further apart each time.
        const n = failures.get(key) ?? 0
        const delay = delays[n]
        deps.log.warn({ err, repository: v.repository, digest: v.digest, retryInMs: closed ? undefined : delay }, 'signature status not computed')
        if (delay === undefined || closed) {
          failures.delete(key)
          return
        }
        failures.set(key, n + 1)
        const timer = setTimeout(() => {
          retries.delete(timer)
          void refresh(v)
        }, delay)
        timer.unref()
        retries.add(timer)
      }
    })
    return lane
  }

  return {
    refresh,
    async keysChanged() {
      keys = undefined
      const versions = await deps.store.keys.listSignable(RECOMPUTE_LIMIT)
      await Promise.all(versions.map((v) => refresh(v)))
    },
    idle: () => lane,
    close() {
      closed = true
      for (const t of retries) clearTimeout(t)
      retries.clear()
    },
  }
}
