import type { AnalysisResult, PackageDraft } from '../../analyzer.js'
import { dedupeDrafts, splitNameAtRange, toNpmPackage } from '../internal/lang-npm.js'

// ref: https://classic.yarnpkg.com/en/docs/yarn-lock (format: the lockfile parser of yarn v1,
// entries keyed by comma-separated `name@range` descriptors, two-space indented fields)

/** Descriptor protocols that point at the project's own folders, not at published packages. */
export const LOCAL_PROTOCOLS = ['file:', 'link:', 'portal:', 'workspace:'] as const

interface Entry {
  readonly line: number
  readonly descriptors: readonly string[]
  version?: string
}

function unquote(s: string): string {
  const t = s.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

/** Splits a header line (`"a@^1", a@~1.2:`) into descriptors. */
function splitDescriptors(header: string): string[] {
  return header
    .slice(0, -1)
    .split(/,\s*/)
    .map(unquote)
    .filter((d) => d !== '')
}

/**
 * The real package name of a classic entry from its first descriptor: `lodash@^4`, scoped
 * `@babel/core@7.0.0`, or an alias `my-alias@npm:lodash@4.17.21` (installed as lodash).
 * Returns null for local-folder descriptors and undefined for unreadable ones.
 */
export function nameFromDescriptor(descriptor: string): string | null | undefined {
  const d = splitNameAtRange(descriptor)
  if (!d) return undefined
  if (LOCAL_PROTOCOLS.some((p) => d.range.startsWith(p))) return null
  if (d.range.startsWith('npm:')) {
    const real = splitNameAtRange(d.range.slice('npm:'.length))
    return real ? real.name : d.name
  }
  return d.name
}

function toPackage(
  e: Entry,
  path: string,
  foundBy: string,
  unknowns: AnalysisResult['unknowns'][number][],
): PackageDraft | undefined {
  const first = e.descriptors[0] ?? ''
  const name = nameFromDescriptor(first)
  if (name === null) return undefined
  if (name === undefined || e.version === undefined) {
    unknowns.push({
      path,
      reason: `yarn.lock: entry at line ${e.line} has no ${name === undefined ? 'package name' : 'version'}`,
    })
    return undefined
  }
  const pkg = toNpmPackage({ fullName: name, version: e.version, path, line: e.line, foundBy })
  if (!pkg)
    unknowns.push({ path, reason: `yarn.lock: invalid package name "${name.slice(0, 200)}"` })
  return pkg
}

/** Parses a yarn v1 (classic) lockfile. yarn.lock says nothing about dev dependencies. */
export function parseYarnClassic(text: string, path: string, foundBy: string): AnalysisResult {
  const entries: Entry[] = []
  let current: Entry | undefined
  let bad = 0
  let firstBad = 0
  const lines = text.split(/\r?\n/)
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    if (!line.startsWith(' ')) {
      if (line.endsWith(':')) {
        current = { line: i + 1, descriptors: splitDescriptors(line) }
        entries.push(current)
        continue
      }
      bad++
      firstBad ||= i + 1
      current = undefined
      continue
    }
    const m = /^ {2}(\S+?):?\s+(.+)$/.exec(line)
    if (current && m && unquote(m[1] ?? '') === 'version') current.version = unquote(m[2] ?? '')
  }
  const unknowns: { path: string; reason: string }[] = []
  if (bad > 0)
    unknowns.push({
      path,
      reason: `yarn.lock: ${bad} unrecognized line(s), first at line ${firstBad}`,
    })
  const drafts: PackageDraft[] = []
  for (const e of entries) {
    const pkg = toPackage(e, path, foundBy, unknowns)
    if (pkg) drafts.push(pkg)
  }
  return { packages: dedupeDrafts(drafts), unknowns }
}
