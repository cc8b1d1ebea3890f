import { defineAnalyzer, type AnalysisResult, type FileInput } from '../../analyzer.js'
import { parseApkInstalled } from './parse-installed.js'

/** Reads one apk installed database. */
export async function parseApkFile(file: FileInput): Promise<AnalysisResult> {
  return parseApkInstalled((await file.read()).toString('utf8'), file.path)
}

/** The apk analyzer (Alpine, Wolfi, Chainguard): installed packages and the files they own. */
export const apkAnalyzer = defineAnalyzer({
  id: 'apk',
  version: 1,
  tags: ['os', 'installed'],
  // apk-tools 3 may keep its database under usr/lib/apk/db.
  paths: ['lib/apk/db/installed', 'usr/lib/apk/db/installed'],
  parse: parseApkFile,
})
