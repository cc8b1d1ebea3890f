import { defineAnalyzer } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { decodeTextLenient } from '../internal/lang-text.js'
import { parseGemspec } from './parse-gemspec.js'

const ID = 'gem'

/**
 * True for installed gem specifications: `*.gemspec` in a `specifications/` folder of any gem
 * home (usr/lib/ruby/gems/3.1.0, var/lib/gems/3.1.0, Bundler's vendor/bundle, Debian's
 * usr/share/rubygems-integration/all), `specifications/default/` included. A project's own
 * `*.gemspec` at its root is source, not an installed gem.
 */
export function isInstalledGemspec(path: string): boolean {
  return (
    path.endsWith('.gemspec') &&
    (path.includes('/specifications/') || path.startsWith('specifications/'))
  )
}

async function parseGemFile(file: FileInput, _ctx: AnalyzeContext): Promise<AnalysisResult> {
  // Never undefined with allowNul; binary garbage simply holds no name and version.
  const text = decodeTextLenient(await file.read(), { allowNul: true }) ?? ''
  return parseGemspec(text, file.path, ID)
}

/** Ruby gems installed in an image, from their gemspecs (read as text, never evaluated). */
export const gem = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'installed'],
  match: (path: string, _meta: FileMeta) => isInstalledGemspec(path),
  parse: parseGemFile,
})
