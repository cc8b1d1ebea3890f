import { defineAnalyzer, emptyResult } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { parseComposer } from './parse-composer.js'
import type { ComposerFileKind } from './parse-composer.js'

const ID = 'composer'

/**
 * Classifies a path: Composer's record of installed packages (`vendor/composer/installed.json`)
 * or a project's composer.lock. A composer.lock inside vendor/ belongs to an installed package's
 * own development and is not read.
 */
export function composerFileKind(path: string): ComposerFileKind | undefined {
  if (path === 'vendor/composer/installed.json' || path.endsWith('/vendor/composer/installed.json'))
    return 'installed'
  if (path !== 'composer.lock' && !path.endsWith('/composer.lock')) return undefined
  return path.startsWith('vendor/') || path.includes('/vendor/') ? undefined : 'lock'
}

async function parseComposerFile(file: FileInput, _ctx: AnalyzeContext): Promise<AnalysisResult> {
  const kind = composerFileKind(file.path)
  if (!kind) return emptyResult()
  return parseComposer(await file.read(), kind, file.path, ID)
}

/** PHP packages installed by Composer, and those a composer.lock pins. */
export const composer = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'installed', 'lockfile'],
  match: (path: string, _meta: FileMeta) => composerFileKind(path) !== undefined,
  parse: parseComposerFile,
})
