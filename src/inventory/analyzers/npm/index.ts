import { defineAnalyzer, emptyResult } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { parsePackageJson } from './parse-package-json.js'
import { parsePackageLock } from './parse-package-lock.js'
import { npmFileKind } from './paths.js'

const ID = 'npm'

function parseNpmFile(
  file: FileInput,
  _ctx: AnalyzeContext,
): Promise<AnalysisResult> | AnalysisResult {
  const kind = npmFileKind(file.path)
  if (kind === 'lockfile') return parsePackageLock(file, ID)
  if (kind === 'installed' || kind === 'app') return parsePackageJson(file, kind, ID)
  return emptyResult()
}

/**
 * npm packages: installed ones from `node_modules/**\/package.json` (nested and scoped), the
 * application's own package.json when it names a version, and package-lock.json /
 * npm-shrinkwrap.json (v1 dependency tree, v2/v3 packages map, with dev flags).
 */
export const npm = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'installed', 'lockfile'],
  match: (path: string, _meta: FileMeta) => npmFileKind(path) !== undefined,
  parse: parseNpmFile,
})
