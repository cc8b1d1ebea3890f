import { FAILSAFE_SCHEMA, load } from 'js-yaml'
import type { AnalysisResult, PackageDraft } from '../../analyzer.js'
import { dedupeDrafts, splitNameAtRange, toNpmPackage } from '../internal/lang-npm.js'
import { isRecord, nonEmptyString } from '../internal/lang-text.js'
import { yamlKeyLines } from '../internal/yaml-key-lines.js'

// ref: https://yarnpkg.com/advanced/lockfile (Yarn 2+ "berry" lockfile: YAML with __metadata,
// entries keyed by descriptors, each with `version` and `resolution: name@protocol:reference`)
// ref: https://yarnpkg.com/protocols

/** Resolution protocols that are the project's own code (workspaces, local folders). */
const LOCAL = new Set(['workspace', 'link', 'portal', 'file', 'exec'])

/**
 * Parses a Yarn 2+ lockfile. Entries resolved through `npm:` are packages; workspace and local
 * folders are skipped. `patch:` entries are skipped too: each patches a package whose plain
 * `npm:` entry is in the same lockfile (Yarn's built-in compat patches for resolve, typescript,
 * fsevents), so reporting both would count one install twice. Git and tarball resolutions are
 * kept with the version Yarn read from the package.
 */
export function parseYarnBerry(text: string, path: string, foundBy: string): AnalysisResult {
  let doc: unknown
  try {
    // FAILSAFE keeps every scalar a string: versions like 1.10 must not become numbers.
    doc = load(text, { schema: FAILSAFE_SCHEMA })
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err)
    return {
      packages: [],
      unknowns: [{ path, reason: `yarn.lock: invalid YAML: ${msg?.slice(0, 200)}` }],
    }
  }
  if (!isRecord(doc))
    return { packages: [], unknowns: [{ path, reason: 'yarn.lock: not a YAML mapping' }] }
  const drafts: PackageDraft[] = []
  const unknowns: { path: string; reason: string }[] = []
  const lines = yamlKeyLines(text.split(/\r?\n/), 0) // each entry's line
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata') continue
    const res = readEntry(key, entry, path, foundBy, lines.get(key))
    if (res === undefined) continue
    if (typeof res === 'string') unknowns.push({ path, reason: res })
    else drafts.push(res)
  }
  return { packages: dedupeDrafts(drafts), unknowns }
}

function readEntry(
  key: string,
  entry: unknown,
  path: string,
  foundBy: string,
  line: number | undefined,
): PackageDraft | string | undefined {
  const where = `yarn.lock: entry "${key.slice(0, 200)}"`
  if (!isRecord(entry)) return `${where} is not a mapping`
  const resolution = nonEmptyString(entry['resolution'])
  const version = nonEmptyString(entry['version'])
  const res = resolution ? splitNameAtRange(resolution) : undefined
  if (!res) return `${where} has no resolution`
  const colon = res.range.indexOf(':')
  const protocol = colon > 0 ? res.range.slice(0, colon) : ''
  if (LOCAL.has(protocol) || protocol === 'patch') return undefined
  if (version === undefined) return `${where} has no version`
  const pkg = toNpmPackage({ fullName: res.name, version, path, line, foundBy })
  return pkg ?? `${where}: invalid package name`
}
