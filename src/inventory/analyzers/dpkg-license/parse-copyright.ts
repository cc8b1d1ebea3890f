import type { AnalysisResult } from '../../analyzer.js'

// ref: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/ (machine-readable
// copyright: `License:` fields of the header and Files paragraphs name the licenses).
// ref: https://www.debian.org/doc/debian-policy/ch-docs.html#copyright-information (other copyright
// files point at /usr/share/common-licenses/<name> for the common licenses).

const COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/
const COMMON = /\/usr\/share\/common-licenses\/([A-Za-z][A-Za-z0-9+-]*(?:\.\d+)*)/g
const MAX_LICENSES = 32

/** The package a copyright file belongs to, or undefined for any other path. */
export function copyrightPackage(path: string): string | undefined {
  return COPYRIGHT.exec(path)?.[1]
}

/** `License:` short names of the header and Files paragraphs, in order, without duplicates. */
function dep5Licenses(text: string): string[] {
  const out: string[] = []
  for (const para of text.split(/\n[ \t]*\n/)) {
    const isFilesOrHeader = /^(Files|Format):/m.test(para)
    if (!isFilesOrHeader) continue
    const m = /^License:[ \t]*(\S[^\n]*)$/m.exec(para)
    const name = m?.[1]?.trim()
    if (name && !out.includes(name)) out.push(name)
  }
  return out
}

/** Licenses a free-form copyright file references through /usr/share/common-licenses. */
function commonLicenses(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(COMMON)) {
    const name = m[1]
    if (name && !out.includes(name)) out.push(name)
  }
  return out
}

/** Reads the declared licenses of one Debian package from its copyright file. */
export function parseCopyright(path: string, text: string): AnalysisResult {
  const name = copyrightPackage(path)
  if (!name) return { packages: [], unknowns: [] }
  const machineReadable = /^Format:\s*\S*copyright-format/m.test(text)
  const found = (machineReadable ? dep5Licenses(text) : []).concat()
  const licenses = (found.length > 0 ? found : commonLicenses(text)).slice(0, MAX_LICENSES)
  if (licenses.length === 0) return { packages: [], unknowns: [] }
  return { packages: [], licenses: [{ type: 'deb', name, licenses }], unknowns: [] }
}
