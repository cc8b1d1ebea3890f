import type { Registry } from 'prom-client'
import type { ScanRecord } from '../core/index.js'
import type { ExternalRegistryRecord, Store } from '../store/index.js'
import type { Auth } from './auth.js'

/** What a new external registry needs; credentials are encrypted by the service, never stored clear. */
export interface RegisterRegistryInput {
  readonly url: string
  readonly username?: string
  readonly password?: string
  readonly insecure?: boolean
  readonly scheduleSeconds?: number
}

/** The services routes call: handlers stay thin (parse → call → map). Built by app/server.ts. */
export interface ApiDeps {
  readonly store: Store
  readonly auth: Auth
  /** Creates a queued scan record and its job. */
  queueScan(repository: string, digest: string): Promise<ScanRecord>
  /** Queues a re-match of every stored image's latest scan against the advisory database; returns how many. */
  rematchAll(): Promise<number>
  registerRegistry(input: RegisterRegistryInput): Promise<ExternalRegistryRecord>
  /** Queues a catalog walk of an external registry; its images get scan jobs of their own. */
  queueRegistryScan(id: string): Promise<void>
  /** Trusted keys changed: recompute signature states (runs in the background). */
  keysChanged(): void
  readonly metrics: Registry
  readonly version: string
}
