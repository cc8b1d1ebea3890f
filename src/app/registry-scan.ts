import { parseAttachmentTag, UserError, type Logger, type ScanRecord } from '../core/index.js'
import type { RegisterRegistryInput } from '../api/index.js'
import type { JobQueue } from '../jobs/index.js'
import { RegistryClient } from '../oci/index.js'
import type { ExternalRegistryRecord, Store } from '../store/index.js'
import type { SecretBox } from './secrets.js'

/** Payload of a 'scan-registry' job. */
export interface ScanRegistryPayload {
  readonly registryId: string
}

interface ManifestFacts {
  readonly totalSize: number
  readonly configDigest?: string
}

/** Size and image ID from a manifest document; for an index, its own size plus its children's manifests. */
function factsOf(bytes: Buffer): ManifestFacts {
  const doc = JSON.parse(bytes.toString('utf8')) as {
    config?: { digest?: string; size?: number }
    layers?: { size?: number }[]
    manifests?: { size?: number }[]
  }
  const parts = [doc.config?.size, ...(doc.layers ?? []).map((l) => l.size), ...(doc.manifests ?? []).map((m) => m.size)]
  const sum = parts.reduce<number>((a, b) => a + (typeof b === 'number' && b > 0 ? b : 0), bytes.length)
  return { totalSize: sum, ...(doc.config?.digest ? { configDigest: doc.config.digest } : {}) }
}

/** External registries: registration (credentials sealed), catalog walks and the schedule. */
export function createRegistryScanService(deps: {
  store: Store
  queue: JobQueue
  secrets: SecretBox
  log: Logger
  queueScan: (repository: string, digest: string) => Promise<ScanRecord>
  /** Recomputes a version's signature state (awaited: the walk is already off the request path). */
  refreshSignature: (v: { source: 'external'; repository: string; digest: string; tag: string }) => Promise<void>
}): {
  register(input: RegisterRegistryInput): Promise<ExternalRegistryRecord>
  queueRegistryScan(id: string): Promise<void>
  handle(payload: unknown): Promise<void>
  queueDue(now: Date): Promise<number>
} {
  async function clientFor(reg: ExternalRegistryRecord): Promise<RegistryClient> {
    const sealed = await deps.store.externalRegistries.getCredentials(reg.id)
    const credentials = sealed ? (JSON.parse(deps.secrets.decrypt(sealed)) as { username: string; password: string }) : undefined
    return new RegistryClient({ registry: reg.host, insecure: reg.insecure, ...(credentials ? { credentials } : {}) })
  }

  async function walk(reg: ExternalRegistryRecord): Promise<number> {
    const client = await clientFor(reg)
    let versions = 0
    try {
      for (const repo of await client.listRepositories()) {
        for (const tag of await client.listTags(repo)) {
          // cosign's signatures and attestations are not versions: they are the signature column.
          if (parseAttachmentTag(tag)) continue
          const m = await client.getManifest(repo, tag)
          const name = `${reg.host}/${repo}`
          const facts = factsOf(m.bytes)
          await deps.store.externalRegistries.upsertImage({
            registryId: reg.id,
            repository: name,
            tag,
            digest: m.digest,
            mediaType: m.mediaType ?? 'application/octet-stream',
            ...facts,
          })
          await deps.queueScan(name, m.digest)
          await deps.refreshSignature({ source: 'external', repository: name, digest: m.digest, tag })
          versions += 1
        }
      }
    } finally {
      await client.close()
    }
    return versions
  }

  return {
    async register(input) {
      let url: URL
      try {
        url = new URL(input.url)
      } catch (err) {
        throw new UserError('INPUT_INVALID', `registry URL ${input.url} is not a URL`, { cause: err })
      }
      const creds = input.username !== undefined ? { username: input.username, password: input.password ?? '' } : undefined
      return deps.store.externalRegistries.create({
        url: url.origin,
        host: url.host,
        insecure: input.insecure ?? url.protocol === 'http:',
        ...(creds ? { credentials: deps.secrets.encrypt(JSON.stringify(creds)) } : {}),
        ...(input.scheduleSeconds !== undefined ? { scheduleSeconds: input.scheduleSeconds } : {}),
      })
    },
    async queueRegistryScan(id) {
      await deps.queue.enqueue('scan-registry', { registryId: id } satisfies ScanRegistryPayload)
    },
    async handle(payload) {
      const { registryId } = payload as ScanRegistryPayload
      const reg = await deps.store.externalRegistries.get(registryId)
      if (!reg) return // removed since it was queued: nothing to do
      const n = await walk(reg)
      await deps.store.externalRegistries.markScanned(reg.id, new Date().toISOString())
      deps.log.info({ registryId, host: reg.host, versions: n }, 'external registry walked')
    },
    async queueDue(now) {
      const due = await deps.store.externalRegistries.due(now)
      for (const reg of due) {
        // Mark first so a slow walk is not queued again by the next tick.
        await deps.store.externalRegistries.markScanned(reg.id, now.toISOString())
        await deps.queue.enqueue('scan-registry', { registryId: reg.id } satisfies ScanRegistryPayload)
      }
      return due.length
    },
  }
}
