import { toPurl } from '../../../core/index.js'
import type { AnalysisResult, PackageDraft } from '../../analyzer.js'
import { parseDeb822, type Stanza } from './deb822.js'

// ref: https://man7.org/linux/man-pages/man1/dpkg-query.1.html (Status: want flag status)
// ref: https://www.debian.org/doc/debian-policy/ch-controlfields.html#version

/** Package names per Debian policy (upper case tolerated: old archives have some). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9+.\-_]*$/
/** [epoch:]upstream[-revision], the characters policy allows. */
const VERSION = /^(\d+:)?[A-Za-z0-9][A-Za-z0-9.+~:\-_]*$/
const ARCH = /^[a-z0-9][a-z0-9-]*$/
/** Source: "name" or "name (version)". */
const SOURCE = /^(\S+)(?:\s+\((\S+)\))?$/

/** Wanted states whose packages are on disk when the status word says installed. */
const INSTALLED_WANTS = new Set(['install', 'hold'])
/**
 * "installed", and the two trigger states of an installed package that still awaits a
 * trigger run (dpkg counts them as installed when it checks dependencies).
 */
const INSTALLED_STATES = new Set(['installed', 'triggers-pending', 'triggers-awaited'])

type StanzaResult = { draft: PackageDraft } | { skip: true } | { reason: string }

function isInstalled(status: string | undefined, requireStatus: boolean): boolean | string {
  if (status === undefined) return requireStatus ? 'no Status field' : true
  const words = status.split(/\s+/)
  if (words.length !== 3) return `malformed Status ${JSON.stringify(status.slice(0, 40))}`
  const [want, flag, state] = words as [string, string, string]
  return INSTALLED_WANTS.has(want) && flag === 'ok' && INSTALLED_STATES.has(state)
}

function sourceOf(raw: string | undefined, name: string, version: string) {
  if (!raw) return { name, version }
  const m = SOURCE.exec(raw)
  if (!m) return undefined
  return { name: m[1] as string, version: m[2] ?? version }
}

function toDraft(s: Stanza, path: string, requireStatus: boolean): StanzaResult {
  const f = s.fields
  const installed = isInstalled(f.get('status'), requireStatus)
  if (typeof installed === 'string') return { reason: installed }
  if (!installed) return { skip: true }
  const name = f.get('package') ?? ''
  const version = f.get('version') ?? ''
  const arch = f.get('architecture') ?? ''
  if (!NAME.test(name))
    return { reason: `bad or missing Package ${JSON.stringify(name.slice(0, 40))}` }
  if (!VERSION.test(version)) return { reason: `package ${name}: bad or missing Version` }
  if (arch !== '' && !ARCH.test(arch)) return { reason: `package ${name}: bad Architecture` }
  const source = sourceOf(f.get('source'), name, version)
  if (!source) return { reason: `package ${name}: bad Source` }
  const draft: PackageDraft = {
    name,
    version,
    type: 'deb',
    // Provisional: the inventory engine adds the namespace and distro once the OS is known.
    purl: toPurl({ type: 'deb', name, version, qualifiers: { arch } }),
    ...(arch ? { arch } : {}),
    licenses: [],
    source,
    foundBy: 'dpkg',
    locations: [{ path, line: s.line }],
  }
  return { draft }
}

/**
 * Parses a dpkg database file: var/lib/dpkg/status (every paragraph must carry Status) or one
 * var/lib/dpkg/status.d/ entry of a distroless image (no Status: present means installed).
 * Only installed packages are kept ("install ok installed", "hold ok installed", and the
 * trigger-pending states of an installed package); removed, half-installed, unpacked and
 * config-files paragraphs are skipped without noise.
 */
export function parseDpkgStatus(
  text: string,
  path: string,
  requireStatus: boolean,
): AnalysisResult {
  const { stanzas, bad } = parseDeb822(text)
  const unknowns = bad.map((b) => ({ path, reason: `line ${b.line}: ${b.reason}` }))
  const packages: PackageDraft[] = []
  for (const s of stanzas) {
    const r = toDraft(s, path, requireStatus)
    if ('draft' in r) packages.push(r.draft)
    else if ('reason' in r) unknowns.push({ path, reason: `line ${s.line}: ${r.reason}` })
  }
  return { packages, unknowns }
}
