import { defineAnalyzer } from '../../analyzer.js'
import type { AnalysisResult, AnalyzeContext, FileInput, FileMeta } from '../../analyzer.js'
import { decodeTextLenient } from '../internal/lang-text.js'
import { parsePythonMetadata } from './parse-metadata.js'

const ID = 'python'

/**
 * True for installed-distribution metadata, wherever it lies (site-packages, dist-packages,
 * virtualenvs, `pip install --target` folders): wheel `*.dist-info/METADATA`, setuptools
 * `*.egg-info/PKG-INFO`, zipped-egg `EGG-INFO/PKG-INFO`, and distutils' single-file `*.egg-info`.
 */
export function isPythonMetadataPath(path: string): boolean {
  return (
    path.endsWith('.dist-info/METADATA') ||
    path.endsWith('.egg-info/PKG-INFO') ||
    path.endsWith('EGG-INFO/PKG-INFO') ||
    path.endsWith('.egg-info')
  )
}

async function parsePythonFile(file: FileInput, _ctx: AnalyzeContext): Promise<AnalysisResult> {
  const text = decodeTextLenient(await file.read())
  if (text === undefined)
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: 'python metadata: binary content' }],
    }
  return parsePythonMetadata(text, file.path, ID)
}

/** Python distributions installed in an image (pip, setuptools, Debian's python3-* packages). */
export const python = defineAnalyzer({
  id: ID,
  version: 1,
  tags: ['language', 'installed'],
  match: (path: string, _meta: FileMeta) => isPythonMetadataPath(path),
  parse: parsePythonFile,
})
