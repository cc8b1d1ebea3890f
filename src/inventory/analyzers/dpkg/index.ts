import { defineAnalyzer, type AnalysisResult, type FileInput } from '../../analyzer.js'
import { parseInfoList } from './parse-info-list.js'
import { parseDpkgStatus } from './parse-status.js'

const STATUS = 'var/lib/dpkg/status'
const STATUS_D = 'var/lib/dpkg/status.d/'
const INFO = 'var/lib/dpkg/info/'

/** A distroless status.d entry: one file per package, md5sums beside it are skipped. */
function isStatusD(path: string): boolean {
  const rest = path.slice(STATUS_D.length)
  return (
    path.startsWith(STATUS_D) && rest !== '' && !rest.includes('/') && !rest.endsWith('.md5sums')
  )
}

function isInfoList(path: string): boolean {
  const rest = path.slice(INFO.length)
  return path.startsWith(INFO) && !rest.includes('/') && rest.endsWith('.list')
}

/** Reads one dpkg database file: status, a status.d entry, or an info/*.list file list. */
export async function parseDpkgFile(file: FileInput): Promise<AnalysisResult> {
  const text = (await file.read()).toString('utf8')
  if (isInfoList(file.path)) return parseInfoList(text, file.path)
  return parseDpkgStatus(text, file.path, file.path === STATUS)
}

/** The dpkg analyzer (Debian, Ubuntu, distroless): installed packages and the files they own. */
export const dpkgAnalyzer = defineAnalyzer({
  id: 'dpkg',
  version: 1,
  tags: ['os', 'installed'],
  paths: [STATUS],
  match: (path) => isStatusD(path) || isInfoList(path),
  parse: parseDpkgFile,
})
