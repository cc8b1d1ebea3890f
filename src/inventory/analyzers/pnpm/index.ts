import { defineAnalyzer } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { baseName, decodeText } from '../internal/lang-text.js'

const ID = 'pnpm'

async function parsePnpmFile(file: FileInput, _ctx: AnalyzeContext): Promise<AnalysisResult> {
  const text = decodeText(await file.read())
  if (text === undefined)
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: 'pnpm-lock.yaml: not UTF-8 text' }],
    }
  // Loaded on first use: the YAML parser is not paid for by images without pnpm lockfiles.
  const { parsePnpmLock } = await import('./parse-pnpm-lock.js')
  return parsePnpmLock(text, file.path, ID)
}

/** pnpm-lock.yaml of projects (lockfileVersion 5.x, 6.x, 9.x); none inside node_modules. */
export const pnpm = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'lockfile'],
  match: (path: string, _meta: FileMeta) =>
    baseName(path) === 'pnpm-lock.yaml' && !path.includes('node_modules/'),
  parse: parsePnpmFile,
})
