export { SqliteAdvisoryStore, type OpenAdvisoryStoreOptions } from './sqlite-advisory-store.js'
export { ADVISORY_SCHEMA_VERSION } from './schema.js'
export { contentDigest, exportBundle, importBundle, verifyBundle } from './bundle.js'

import { SqliteAdvisoryStore, type OpenAdvisoryStoreOptions } from './sqlite-advisory-store.js'

/** Opens the advisory database at `path` (`:memory:` for tests); read-only for scans. */
export function openSqliteAdvisoryStore(
  path: string,
  options: OpenAdvisoryStoreOptions = {},
): SqliteAdvisoryStore {
  return SqliteAdvisoryStore.open(path, options)
}
