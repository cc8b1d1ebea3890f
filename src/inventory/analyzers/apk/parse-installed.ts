import { toPurl } from '../../../core/index.js'
import type { AnalysisResult, FileOwnership, PackageDraft } from '../../analyzer.js'

// ref: https://wiki.alpinelinux.org/wiki/Apk_spec (section "Installed Database V2")

const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/
/** apk versions: digits and dots, letter, _suffixes, -rN ("1.2.4_git20230717-r4"). */
const VERSION = /^[0-9][0-9A-Za-z._+~-]*$/
const ARCH = /^[A-Za-z0-9_]+$/
/** Longest line kept: names, versions and paths are short; anything longer is hostile. */
const MAX_LINE = 16 * 1024

interface Entry {
  line: number
  fields: Map<string, string>
  files: string[]
  /** The current F folder; undefined after a hostile one. */
  dir: string | undefined
}

function newEntry(line: number): Entry {
  return { line, fields: new Map(), files: [], dir: '' }
}

/** Applies one "X:value" line; F sets the current folder, R adds a file in it. */
function addLine(e: Entry, key: string, value: string): void {
  if (key === 'F') {
    const dir = value.replace(/^\/+|\/+$/g, '')
    // A folder that climbs out of the root is hostile: its files are dropped.
    e.dir = dir.split('/').includes('..') ? undefined : dir
    return
  }
  if (key === 'R') {
    const ok = e.dir !== undefined && value !== '' && value !== '..' && !value.includes('/')
    if (ok) e.files.push(e.dir ? `${e.dir}/${value}` : value)
    return
  }
  if (!e.fields.has(key)) e.fields.set(key, value)
}

function toDraft(e: Entry, path: string): PackageDraft | string {
  const name = e.fields.get('P') ?? ''
  const version = e.fields.get('V') ?? ''
  const arch = e.fields.get('A') ?? ''
  if (!NAME.test(name)) return `bad or missing P (name) ${JSON.stringify(name.slice(0, 40))}`
  if (!VERSION.test(version)) return `package ${name}: bad or missing V (version)`
  if (arch !== '' && !ARCH.test(arch)) return `package ${name}: bad A (arch)`
  const origin = e.fields.get('o')
  const license = e.fields.get('L')?.trim()
  return {
    name,
    version,
    type: 'apk',
    // Provisional: the inventory engine adds the namespace and distro once the OS is known.
    purl: toPurl({ type: 'apk', name, version, qualifiers: { arch } }),
    ...(arch ? { arch } : {}),
    licenses: license ? [license] : [],
    source: { name: origin && NAME.test(origin) ? origin : name, version },
    foundBy: 'apk',
    locations: [{ path, line: e.line }],
  }
}

/**
 * Parses lib/apk/db/installed: one paragraph per package, "X:value" lines (P name, V version,
 * A arch, L license, o origin = source package; F folder and R file lines give the files it
 * owns). A bad paragraph becomes an unknown; the others are kept.
 */
export function parseApkInstalled(text: string, path: string): AnalysisResult {
  const packages: PackageDraft[] = []
  const ownership: FileOwnership[] = []
  const unknowns: { path: string; reason: string }[] = []
  let cur: Entry | undefined
  let bad: string | undefined
  const flush = (): void => {
    if (cur && bad) unknowns.push({ path, reason: `line ${cur.line}: ${bad}` })
    else if (cur) {
      const d = toDraft(cur, path)
      if (typeof d === 'string') unknowns.push({ path, reason: `line ${cur.line}: ${d}` })
      else {
        packages.push(d)
        ownership.push({
          type: 'apk',
          name: d.name,
          ...(d.arch ? { arch: d.arch } : {}),
          files: cur.files,
        })
      }
    }
    cur = undefined
    bad = undefined
  }
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '')
    if (line === '') {
      flush()
      continue
    }
    cur ??= newEntry(i + 1)
    if (bad) continue
    if (line.length > MAX_LINE || line[1] !== ':' || line.includes('\0')) {
      bad = `not a field line: ${JSON.stringify(line.slice(0, 40))}`
      continue
    }
    addLine(cur, line[0] as string, line.slice(2))
  }
  flush()
  return { packages, ownership, unknowns }
}
