import { defineAnalyzer } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { baseName, decodeText } from '../internal/lang-text.js'
import { parseYarnClassic } from './parse-yarn-classic.js'

const ID = 'yarn'

/** True when a yarn.lock is in Yarn 2+ format (it starts its entries with `__metadata`). */
export function isBerryLockfile(text: string): boolean {
  return /^__metadata:/m.test(text)
}

/** Parses one yarn.lock, classic or berry. */
export async function parseYarnLock(
  file: FileInput,
  _ctx: AnalyzeContext,
): Promise<AnalysisResult> {
  const text = decodeText(await file.read())
  if (text === undefined)
    return { packages: [], unknowns: [{ path: file.path, reason: 'yarn.lock: not UTF-8 text' }] }
  if (!isBerryLockfile(text)) return parseYarnClassic(text, file.path, ID)
  // Loaded on first use: the YAML parser is not paid for by images without Yarn 2+ lockfiles.
  const { parseYarnBerry } = await import('./parse-yarn-berry.js')
  return parseYarnBerry(text, file.path, ID)
}

/**
 * yarn.lock files (v1 classic and Yarn 2+ berry) of projects; lockfiles shipped inside installed
 * packages (under node_modules) describe those packages' development trees and are not read.
 */
export const yarn = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'lockfile'],
  match: (path: string, _meta: FileMeta) =>
    baseName(path) === 'yarn.lock' && !path.includes('node_modules/'),
  parse: parseYarnLock,
})
