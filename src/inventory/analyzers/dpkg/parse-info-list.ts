import type { AnalysisResult } from '../../analyzer.js'

// ref: https://man7.org/linux/man-pages/man1/dpkg.1.html (FILES: /var/lib/dpkg/info/<package>.list)

const LIST_NAME = /^([A-Za-z0-9][A-Za-z0-9+.\-_]*)(?::([a-z0-9][a-z0-9-]*))?\.list$/

/**
 * Parses var/lib/dpkg/info/<name>[:<arch>].list: one absolute path per line, the files and
 * folders the package installed. Paths are returned without the leading slash; "/." (the root
 * itself) is dropped. The package is named by the file name (multi-arch packages carry ":arch").
 */
export function parseInfoList(text: string, path: string): AnalysisResult {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const m = LIST_NAME.exec(base)
  if (!m) return { packages: [], unknowns: [{ path, reason: 'not a package file list name' }] }
  if (text.includes('\0'))
    return { packages: [], unknowns: [{ path, reason: 'binary data in file list' }] }
  const files: string[] = []
  for (const raw of text.split('\n')) {
    let end = raw.length
    if (end > 0 && raw.charCodeAt(end - 1) === 13) end-- // "\r"
    let start = 0
    while (start < end && raw.charCodeAt(start) === 47) start++ // leading "/"
    const rel = start === 0 && end === raw.length ? raw : raw.slice(start, end)
    // "/." is the root itself; a path climbing out of the root is hostile and dropped.
    if (rel === '' || rel === '.' || (rel.includes('..') && rel.split('/').includes('..'))) continue
    files.push(rel)
  }
  const arch = m[2]
  return {
    packages: [],
    ownership: [{ type: 'deb', name: m[1] as string, ...(arch ? { arch } : {}), files }],
    unknowns: [],
  }
}
