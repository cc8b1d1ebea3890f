import { defineAnalyzer, type AnalysisResult, type FileInput } from '../../analyzer.js'
import { parseRpmDatabase } from './parse-rpmdb.js'

const SQLITE_PATHS = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite']
const WAL_PATHS = SQLITE_PATHS.map((p) => `${p}-wal`)
const BDB_PATHS = ['var/lib/rpm/Packages', 'usr/lib/sysimage/rpm/Packages']
const NDB_PATHS = ['var/lib/rpm/Packages.db', 'usr/lib/sysimage/rpm/Packages.db']

/**
 * Reads one rpm database file, choosing the format by its name. A non-empty SQLite
 * write-ahead log means the last transaction was never checkpointed into rpmdb.sqlite (rpm
 * was killed, or the image was taken while it ran): the main file alone may miss packages.
 */
export async function parseRpmFile(file: FileInput): Promise<AnalysisResult> {
  if (WAL_PATHS.includes(file.path)) {
    if (file.size === 0) return { packages: [], unknowns: [] }
    const reason = 'rpmdb.sqlite has an uncheckpointed write-ahead log: recent changes are not read'
    return { packages: [], unknowns: [{ path: file.path, reason }] }
  }
  const format = SQLITE_PATHS.includes(file.path)
    ? 'sqlite'
    : NDB_PATHS.includes(file.path)
      ? 'ndb'
      : 'bdb'
  return parseRpmDatabase(await file.read(), file.path, format)
}

/** The rpm analyzer (RHEL, CentOS, Rocky, Alma, Fedora, Amazon, Oracle, SUSE ...). */
export const rpmAnalyzer = defineAnalyzer({
  id: 'rpm',
  version: 1,
  tags: ['os', 'installed'],
  paths: [...SQLITE_PATHS, ...WAL_PATHS, ...BDB_PATHS, ...NDB_PATHS],
  parse: parseRpmFile,
})
