import type { ScanRecord } from '../../core/index.js'
import type { Store, VersionRow } from '../../store/index.js'
import { ApiError } from '../errors.js'

/** A version as the registry view shows it (the seed's table). */
export interface VersionView {
  readonly tag: string
  readonly imageId?: string
  readonly status: 'unscanned' | 'scanning' | 'clean' | 'vulnerable' | 'scan-failed'
  readonly digest: string
  readonly mediaType: string
  readonly size: number
  readonly signature: string
  readonly scan?: Omit<ScanRecord, 'repository' | 'digest' | 'newFindings' | 'fixedFindings'>
  readonly lastUpdated: string
}

function statusOf(scan: ScanRecord | undefined): VersionView['status'] {
  if (!scan) return 'unscanned'
  if (scan.status === 'queued' || scan.status === 'running') return 'scanning'
  if (scan.status === 'failed') return 'scan-failed'
  const total = Object.values(scan.counts ?? {}).reduce((a, b) => a + b, 0)
  return total > 0 ? 'vulnerable' : 'clean'
}

/** Maps a stored row to the view DTO. */
export function toVersionView(row: VersionRow): VersionView {
  const scan = row.scan
  return {
    tag: row.tag,
    ...(row.configDigest ? { imageId: row.configDigest } : {}),
    status: statusOf(scan),
    digest: row.digest,
    mediaType: row.mediaType,
    size: row.totalSize,
    signature: row.signature,
    ...(scan
      ? {
          scan: {
            id: scan.id,
            status: scan.status,
            queuedAt: scan.queuedAt,
            ...(scan.startedAt ? { startedAt: scan.startedAt } : {}),
            ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}),
            ...(scan.error ? { error: scan.error } : {}),
            ...(scan.counts ? { counts: scan.counts } : {}),
          },
        }
      : {}),
    lastUpdated: row.updatedAt,
  }
}

/** A version found by tag or digest, and where it lives. */
export interface ResolvedVersion {
  readonly digest: string
  readonly source: 'registry' | 'external'
}

/** Resolves `ref` (a tag or a digest) in a repository of the built-in or an external registry. */
export async function resolveVersion(store: Store, name: string, ref: string): Promise<ResolvedVersion> {
  const isDigest = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(ref)
  const digest = isDigest ? ref : await store.registry.resolveTag(name, ref)
  if (digest !== undefined && (await store.registry.getManifest(name, digest))) return { digest, source: 'registry' }
  const ext = (await store.view.listVersions(name)).find((v) => (isDigest ? v.digest === ref : v.tag === ref))
  if (ext) return { digest: ext.digest, source: 'external' }
  throw new ApiError('NOT_FOUND', `no version ${ref} in repository ${name}`)
}
