import { FAILSAFE_SCHEMA, load } from 'js-yaml'
import type { AnalysisResult, PackageDraft } from '../../analyzer.js'
import { dedupeDrafts, toNpmPackage } from '../internal/lang-npm.js'
import { isRecord, nonEmptyString } from '../internal/lang-text.js'
import { yamlKeyLines } from '../internal/yaml-key-lines.js'
import { productionIds } from './dev-graph.js'
import { parsePnpmKey, stripPeerSuffix } from './package-id.js'

// ref: https://github.com/pnpm/spec/tree/master/lockfile (5.x, 6.0, 9.0)

type Unknowns = { path: string; reason: string }[]

/** The line of each key of the top-level `packages` map (keys two spaces in, as pnpm writes them). */
function packageKeyLines(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((l) => /^packages:\s*$/.test(l))
  if (start < 0) return new Map()
  let end = start + 1
  while (end < lines.length && !/^\S/.test(lines[end] as string)) end++ // up to the next top-level key
  return yamlKeyLines(lines, 2, start + 1, end)
}

function loadDoc(text: string): Readonly<Record<string, unknown>> | string {
  let doc: unknown
  try {
    // FAILSAFE keeps every scalar a string (lockfileVersion 5.10 must not read as 5.1).
    doc = load(text, { schema: FAILSAFE_SCHEMA })
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err)
    return `pnpm-lock.yaml: invalid YAML: ${(msg ?? '').slice(0, 200)}`
  }
  return isRecord(doc) ? doc : 'pnpm-lock.yaml: not a YAML mapping'
}

/**
 * Parses pnpm-lock.yaml of lockfileVersion 5.x, 6.x and 9.x. Packages come from the `packages`
 * map; names and versions from its keys, or from an entry's own `name`/`version` for git and
 * tarball dependencies. Dev flags: 5.x and 6.x entries say `dev: true|false`; for 9.x they are
 * worked out from the importers through the `snapshots` dependency graph.
 */
export function parsePnpmLock(text: string, path: string, foundBy: string): AnalysisResult {
  const doc = loadDoc(text)
  if (typeof doc === 'string') return { packages: [], unknowns: [{ path, reason: doc }] }
  const major = Number.parseInt(nonEmptyString(doc['lockfileVersion']) ?? '', 10)
  if (!Number.isFinite(major)) {
    return { packages: [], unknowns: [{ path, reason: 'pnpm-lock.yaml: no lockfileVersion' }] }
  }
  const packages = isRecord(doc['packages']) ? doc['packages'] : {}
  const prod = major >= 9 ? productionIds(doc) : undefined
  const drafts: PackageDraft[] = []
  const unknowns: Unknowns = []
  const lines = packageKeyLines(text)
  for (const [key, entry] of Object.entries(packages)) {
    const where = `pnpm-lock.yaml: package "${key.slice(0, 200)}"`
    const e = isRecord(entry) ? entry : {}
    const fromKey = parsePnpmKey(key, major)
    const name = nonEmptyString(e['name']) ?? fromKey?.name
    const version = nonEmptyString(e['version']) ?? fromKey?.version
    if (!name || !version) {
      unknowns.push({ path, reason: `${where} has no name and version` })
      continue
    }
    const dev = prod ? !prod.has(stripPeerSuffix(key, major)) : devFlag(e['dev'])
    const pkg = toNpmPackage({ fullName: name, version, path, line: lines.get(key), foundBy, dev })
    if (pkg) drafts.push(pkg)
    else unknowns.push({ path, reason: `${where}: invalid package name` })
  }
  return { packages: dedupeDrafts(drafts), unknowns }
}

function devFlag(v: unknown): boolean | undefined {
  if (v === 'true') return true
  if (v === 'false') return false
  return undefined
}
