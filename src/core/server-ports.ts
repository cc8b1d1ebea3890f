/**
 * Ports of the platform server (issue 4): the registry's metadata, scans, tokens, audit log
 * and jobs. store/ implements them on SQLite and PostgreSQL; registry/, api/ and jobs/ receive
 * them as arguments. All times are ISO 8601 strings; sizes are bytes.
 */

/** One manifest (image, index or artifact) stored in a repository of the built-in registry. */
export interface ManifestRecord {
  readonly repository: string
  readonly digest: string
  readonly mediaType: string
  /** Size of the manifest document itself. */
  readonly size: number
  /** Manifest + config + layers (for indexes: the sum over the children present). */
  readonly totalSize: number
  readonly configDigest?: string
  readonly artifactType?: string
  /** The `subject` digest (referrers API). */
  readonly subject?: string
  readonly annotations?: Readonly<Record<string, string>>
  /** Digests of every blob and child manifest this manifest references. */
  readonly references: readonly string[]
  readonly createdAt: string
}

/** A page request: items after `last` in lexical order, at most `n`. */
export interface PageRequest {
  readonly last?: string
  readonly n?: number
}

/** The built-in registry's metadata. Blob bytes live in a BlobStore, not here. */
export interface RegistryStore {
  putManifest(rec: ManifestRecord): Promise<void>
  getManifest(repository: string, digest: string): Promise<ManifestRecord | undefined>
  /** Deletes the manifest and every tag pointing at it; returns false when it did not exist. */
  deleteManifest(repository: string, digest: string): Promise<boolean>
  setTag(repository: string, tag: string, digest: string): Promise<void>
  resolveTag(repository: string, tag: string): Promise<string | undefined>
  deleteTag(repository: string, tag: string): Promise<boolean>
  listTags(repository: string, page?: PageRequest): Promise<string[]>
  /** Tags with their manifest digests and update times, for the registry view. */
  listTagRecords(repository: string): Promise<{ tag: string; digest: string; updatedAt: string }[]>
  listManifests(repository: string): Promise<ManifestRecord[]>
  listRepositories(page?: PageRequest): Promise<string[]>
  /** Manifests whose subject is `digest`, optionally filtered by artifactType. */
  listReferrers(repository: string, digest: string, artifactType?: string): Promise<ManifestRecord[]>
  /** Records that `repository` may serve blob `digest` (after an upload or a mount). */
  linkBlob(repository: string, digest: string, size: number): Promise<void>
  isBlobLinked(repository: string, digest: string): Promise<boolean>
  unlinkBlob(repository: string, digest: string): Promise<boolean>
  /** Every blob digest some manifest still references or some repository links: the GC's live set. */
  liveBlobs(): Promise<Set<string>>
}

/** Scan states shown in the registry view. */
export const SCAN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const
export type ScanStatus = (typeof SCAN_STATUSES)[number]

/** One scan of one image version. `report` is the ScanReport JSON. */
export interface ScanRecord {
  readonly id: string
  readonly repository: string
  readonly digest: string
  readonly status: ScanStatus
  readonly queuedAt: string
  readonly startedAt?: string
  readonly finishedAt?: string
  readonly error?: string
  /** Counts by severity of the findings (unsuppressed). */
  readonly counts?: Readonly<Record<string, number>>
  /** Finding ids new / fixed since the repository's previous completed scan. */
  readonly newFindings?: readonly string[]
  readonly fixedFindings?: readonly string[]
}

/** Scans and their history. */
export interface ScanStore {
  createScan(repository: string, digest: string): Promise<ScanRecord>
  markRunning(id: string): Promise<void>
  completeScan(
    id: string,
    result: { report: string; counts: Record<string, number>; newFindings: string[]; fixedFindings: string[] },
  ): Promise<void>
  failScan(id: string, error: string): Promise<void>
  getScan(id: string): Promise<ScanRecord | undefined>
  getReport(id: string): Promise<string | undefined>
  /** The newest scan of a version, whatever its status. */
  latestScan(repository: string, digest: string): Promise<ScanRecord | undefined>
  /** The newest completed scan in a repository other than `exceptId` (for new/fixed). */
  previousCompleted(repository: string, exceptId: string): Promise<ScanRecord | undefined>
  listScans(repository: string, digest?: string): Promise<ScanRecord[]>
  /** Every image (repository and digest) whose newest scan completed: that scan, oldest first. */
  latestCompleted(): Promise<ScanRecord[]>
}

export const TOKEN_ROLES = ['viewer', 'developer', 'admin'] as const
export type TokenRole = (typeof TOKEN_ROLES)[number]

/** An API token; the secret itself is never stored, only its hash. */
export interface TokenRecord {
  readonly id: string
  readonly name: string
  readonly role: TokenRole
  readonly createdAt: string
  readonly lastUsedAt?: string
  readonly revoked: boolean
}

export interface TokenStore {
  createToken(rec: { id: string; name: string; role: TokenRole; hash: string }): Promise<TokenRecord>
  findByHash(hash: string): Promise<TokenRecord | undefined>
  touch(id: string, at: string): Promise<void>
  revoke(id: string): Promise<boolean>
  listTokens(): Promise<TokenRecord[]>
  count(): Promise<number>
}

/** One line of the admin audit log. */
export interface AuditEntry {
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly target: string
  readonly detail?: string
}

export interface AuditLogStore {
  append(entry: AuditEntry): Promise<void>
  list(limit: number): Promise<AuditEntry[]>
}

/** A persistent background job. */
export interface JobRecord {
  readonly id: string
  readonly kind: string
  /** JSON text. */
  readonly payload: string
  readonly status: 'pending' | 'running' | 'done' | 'failed'
  readonly attempts: number
  readonly runAt: string
  readonly lastError?: string
}

/** The job queue's storage: a job claimed before a crash is claimable again after restart. */
export interface JobStore {
  enqueue(kind: string, payload: string, runAt?: string): Promise<JobRecord>
  /** Atomically claims the oldest due pending job (or a running one whose lease expired). */
  claim(now: string, leaseMs: number): Promise<JobRecord | undefined>
  complete(id: string): Promise<void>
  fail(id: string, error: string, retryAt?: string): Promise<void>
  get(id: string): Promise<JobRecord | undefined>
  countByStatus(): Promise<Record<string, number>>
}
