import type { AdvisoryStore } from '../src/core/index.js'

/**
 * An advisory store seen through the AdvisoryStore port alone (none of its optional fast paths,
 * such as the candidate scan), counting package lookups in `counts` when given.
 */
export function portOnly(store: AdvisoryStore, counts?: { lookups: number }): AdvisoryStore {
  return {
    findByPackage: (eco, name) => {
      if (counts) counts.lookups++
      return store.findByPackage(eco, name)
    },
    getById: (id) => store.getById(id),
    put: (records, source) => store.put(records, source),
    beginImport: (source) => store.beginImport(source),
    metadata: () => store.metadata(),
    source: (name) => store.source(name),
    close: () => store.close(),
  }
}
