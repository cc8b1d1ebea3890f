import type { AnalysisResult } from '../../analyzer.js'
import { toLangPackage } from '../internal/lang-package.js'

// ref: https://packaging.python.org/en/latest/specifications/core-metadata/
// ref: https://packaging.python.org/en/latest/specifications/recording-installed-packages/
// ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#pypi

/** Header fields of a core-metadata file (METADATA, PKG-INFO), keys lower-cased. */
export type MetadataHeaders = ReadonlyMap<string, readonly string[]>

/**
 * Reads the RFC 822 header block of a core-metadata file: `Key: value` lines, continuation
 * lines starting with whitespace, up to the first blank line (the description body follows).
 */
export function parseMetadataHeaders(text: string): MetadataHeaders {
  const headers = new Map<string, string[]>()
  let last: string[] | undefined
  for (const line of text.split(/\r?\n/)) {
    // Only a truly empty line ends the headers: setuptools indents the blank lines of a
    // multi-line field with spaces, which makes them continuation lines.
    if (line === '') break
    if (/^[ \t]/.test(line)) {
      if (last && last.length > 0) last[last.length - 1] += `\n${line.trim()}`
      continue
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*):[ \t]*(.*)$/.exec(line)
    if (!m) {
      last = undefined
      continue
    }
    const key = (m[1] ?? '').toLowerCase()
    const values = headers.get(key) ?? []
    values.push((m[2] ?? '').trim())
    headers.set(key, values)
    last = values
  }
  return headers
}

function first(h: MetadataHeaders, key: string): string | undefined {
  const v = h.get(key)?.[0]
  return v === undefined || v === '' ? undefined : v
}

/**
 * Declared licenses, best source first: `License-Expression` (an SPDX expression, metadata 2.4),
 * then a one-line `License` (not "UNKNOWN", not a pasted license text), then the license
 * classifiers (`License :: OSI Approved :: MIT License` -> `MIT License`).
 */
export function pythonLicenses(h: MetadataHeaders): string[] {
  const expr = first(h, 'license-expression')
  if (expr !== undefined) return [expr]
  const license = first(h, 'license')
  if (
    license !== undefined &&
    !license.includes('\n') &&
    license.length <= 120 &&
    license.toUpperCase() !== 'UNKNOWN'
  ) {
    return [license]
  }
  const out: string[] = []
  for (const c of h.get('classifier') ?? []) {
    const parts = c.split('::').map((p) => p.trim())
    if (parts[0] !== 'License' || parts.length < 2) continue
    const name = parts.at(-1) ?? ''
    if (name !== '' && name !== 'OSI Approved' && !out.includes(name)) out.push(name)
  }
  return out
}

/** The purl name of a PyPI project: lower-cased, underscores as dashes (purl spec, pypi). */
export function toPypiPurlName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-')
}

/** Parses one installed distribution's metadata into a pypi package. */
export function parsePythonMetadata(text: string, path: string, foundBy: string): AnalysisResult {
  const h = parseMetadataHeaders(text)
  const name = first(h, 'name')
  const version = first(h, 'version')
  if (name === undefined || version === undefined) {
    return { packages: [], unknowns: [{ path, reason: 'python metadata: no Name or Version' }] }
  }
  const pkg = toLangPackage({
    type: 'pypi',
    name,
    version,
    purlName: toPypiPurlName(name),
    licenses: pythonLicenses(h),
    path,
    foundBy,
  })
  return { packages: [pkg], unknowns: [] }
}
