import type { Kysely } from 'kysely'
import { ATTACHMENT_KINDS, type PageRequest, type ScanRecord } from '../../core/index.js'
import { toNumber, type ServerDatabase } from '../db.js'
import { toScanRecord } from './scan-repo.js'

/** One repository in the registry view. */
export interface RepositorySummary {
  readonly name: string
  readonly versions: number
  readonly lastUpdated: string
  readonly source: 'registry' | 'external'
}

/** One tagged version with its manifest facts and newest scan. */
export interface VersionRow {
  readonly tag: string
  readonly digest: string
  readonly mediaType: string
  readonly configDigest?: string
  readonly totalSize: number
  readonly signature: string
  readonly updatedAt: string
  readonly scan?: ScanRecord
}

/**
 * The registry view's read model: one query per table, joined in memory, so listing 10,000
 * versions costs three indexed scans rather than one query per version.
 */
/** Tags cosign gives its attachments (core parseAttachmentTag), as LIKE patterns: not versions. */
const ATTACHMENT_TAGS = ATTACHMENT_KINDS.map((k) => `sha256-%.${k}`)

export class ViewRepo {
  constructor(private readonly db: Kysely<ServerDatabase>) {}

  /** Repositories of the built-in registry and of external registries, by name. */
  async listRepositories(): Promise<RepositorySummary[]> {
    let ownQuery = this.db
      .selectFrom('tags')
      .select((eb) => ['repository', eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('last')])
    for (const pattern of ATTACHMENT_TAGS) ownQuery = ownQuery.where('tag', 'not like', pattern)
    const own = await ownQuery.groupBy('repository').execute()
    const ext = await this.db
      .selectFrom('external_images')
      .select((eb) => ['repository', eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('last')])
      .groupBy('repository')
      .execute()
    const rows: RepositorySummary[] = [
      ...own.map((r) => ({ name: r.repository, versions: toNumber(r.n as number), lastUpdated: r.last, source: 'registry' as const })),
      ...ext.map((r) => ({ name: r.repository, versions: toNumber(r.n as number), lastUpdated: r.last, source: 'external' as const })),
    ]
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Tagged versions of one repository (by tag, paged after `last`), each with its newest scan. */
  async listVersions(repository: string, page: PageRequest = {}): Promise<VersionRow[]> {
    let ownQuery = this.db
      .selectFrom('tags')
      .innerJoin('manifests', (j) =>
        j.onRef('manifests.repository', '=', 'tags.repository').onRef('manifests.digest', '=', 'tags.digest'),
      )
      .select([
        'tags.tag',
        'tags.digest',
        'tags.updated_at',
        'manifests.media_type',
        'manifests.config_digest',
        'manifests.total_size',
        'manifests.signature',
      ])
      .where('tags.repository', '=', repository)
    for (const pattern of ATTACHMENT_TAGS) ownQuery = ownQuery.where('tags.tag', 'not like', pattern)
    if (page.last !== undefined) ownQuery = ownQuery.where('tags.tag', '>', page.last)
    if (page.n !== undefined) ownQuery = ownQuery.limit(page.n)
    const own = await ownQuery.orderBy('tags.tag').execute()
    let extQuery = this.db.selectFrom('external_images').selectAll().where('repository', '=', repository)
    if (page.last !== undefined) extQuery = extQuery.where('tag', '>', page.last)
    if (page.n !== undefined) extQuery = extQuery.limit(page.n)
    const ext = own.length > 0 ? [] : await extQuery.orderBy('tag').execute()
    const digests = page.n !== undefined ? [...new Set([...own, ...ext].map((r) => r.digest))] : undefined
    const scans = await this.latestScans(repository, digests)
    const rows = [
      ...own.map((r) => ({ ...r, signature: r.signature })),
      ...ext,
    ]
    return rows.map((r) => {
      const scan = scans.get(r.digest)
      return {
        tag: r.tag,
        digest: r.digest,
        mediaType: r.media_type,
        ...(r.config_digest !== null ? { configDigest: r.config_digest } : {}),
        totalSize: toNumber(r.total_size),
        signature: r.signature,
        updatedAt: r.updated_at,
        ...(scan ? { scan } : {}),
      }
    })
  }

  /** Newest scan per digest: of the whole repository, or of `digests` only (a page). */
  private async latestScans(repository: string, digests?: readonly string[]): Promise<Map<string, ScanRecord>> {
    if (digests?.length === 0) return new Map()
    let q = this.db
      .selectFrom('scans')
      .select(['id', 'repository', 'digest', 'status', 'queued_at', 'started_at', 'finished_at', 'error', 'counts'])
      .where('repository', '=', repository)
    if (digests !== undefined) q = q.where('digest', 'in', digests)
    const rows = await q.orderBy('id').execute()
    const latest = new Map<string, ScanRecord>()
    for (const r of rows) latest.set(r.digest, toScanRecord({ ...r, new_findings: null, fixed_findings: null }))
    return latest
  }
}
