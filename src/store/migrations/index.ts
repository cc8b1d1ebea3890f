import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001-registry.js'
import * as m0002 from './0002-scans.js'
import * as m0003 from './0003-auth.js'
import * as m0004 from './0004-jobs.js'
import * as m0005 from './0005-external-registries.js'
import * as m0006 from './0006-scans-by-repository.js'
import * as m0007 from './0007-trusted-keys.js'

/** Every migration, append-only, keyed by its file name (applied in key order). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-registry': m0001,
  '0002-scans': m0002,
  '0003-auth': m0003,
  '0004-jobs': m0004,
  '0005-external-registries': m0005,
  '0006-scans-by-repository': m0006,
  '0007-trusted-keys': m0007,
}

/** The static list as a Kysely provider (no directory scanning: the list is explicit). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
}
