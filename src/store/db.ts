import type { Generated } from 'kysely'

/**
 * The platform server's tables as Kysely sees them. Every type is portable between SQLite and
 * PostgreSQL: text, integer, bigint (read back through `toNumber`), booleans as 0/1, JSON as text.
 */
export interface ServerDatabase {
  manifests: ManifestTable
  tags: TagTable
  blob_links: BlobLinkTable
  scans: ScanTable
  tokens: TokenTable
  audit_log: AuditTable
  jobs: JobTable
  external_registries: ExternalRegistryTable
  external_images: ExternalImageTable
  trusted_keys: TrustedKeyTable
}

export interface ManifestTable {
  repository: string
  digest: string
  media_type: string
  size: number | string
  total_size: number | string
  config_digest: string | null
  artifact_type: string | null
  subject: string | null
  annotations: string | null
  refs: string
  created_at: string
  signature: Generated<string>
}

export interface TagTable {
  repository: string
  tag: string
  digest: string
  updated_at: string
}

export interface BlobLinkTable {
  repository: string
  digest: string
  size: number | string
  created_at: string
}

export interface ScanTable {
  id: string
  repository: string
  digest: string
  status: string
  queued_at: string
  started_at: string | null
  finished_at: string | null
  error: string | null
  counts: string | null
  new_findings: string | null
  fixed_findings: string | null
  report: string | null
}

export interface TokenTable {
  id: string
  name: string
  role: string
  hash: string
  created_at: string
  last_used_at: string | null
  revoked: number
}

export interface AuditTable {
  id: string
  at: string
  actor: string
  action: string
  target: string
  detail: string | null
}

export interface JobTable {
  id: string
  kind: string
  payload: string
  status: string
  attempts: number
  run_at: string
  lease_until: string | null
  last_error: string | null
  created_at: string
}

export interface ExternalRegistryTable {
  id: string
  url: string
  host: string
  insecure: number
  credentials: string | null
  schedule_seconds: number | null
  last_scan_at: string | null
  created_at: string
}

export interface ExternalImageTable {
  registry_id: string
  repository: string
  tag: string
  digest: string
  media_type: string
  total_size: number | string
  config_digest: string | null
  updated_at: string
  signature: Generated<string>
}

export interface TrustedKeyTable {
  id: string
  kind: string
  name: string
  key_text: string
  created_at: string
}

/** PostgreSQL returns bigint and count() as strings; SQLite as numbers. */
export function toNumber(v: number | string | bigint | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(v)
}

/** Decodes a JSON text column, or undefined for NULL. */
export function fromJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T)
}
