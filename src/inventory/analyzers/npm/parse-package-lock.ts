import type { AnalysisResult, FileInput, PackageDraft } from '../../analyzer.js'
import { toLicenseList } from '../internal/lang-license.js'
import { dedupeDrafts, splitNameAtRange, toNpmPackage } from '../internal/lang-npm.js'
import { decodeText, isRecord, nonEmptyString, parseJsonObjectText } from '../internal/lang-text.js'

// ref: https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json

/** Nesting deeper than this in a v1 `dependencies` tree is hostile input, not a real install. */
const MAX_DEPTH = 128

interface Acc {
  readonly path: string
  /** Line of each `packages` key, when the file is pretty-printed. */
  readonly lines: ReadonlyMap<string, number>
  readonly foundBy: string
  readonly drafts: PackageDraft[]
  readonly unknowns: { path: string; reason: string }[]
}

/**
 * Parses package-lock.json / npm-shrinkwrap.json. Version 2 and 3 files are read from the
 * `packages` map (keyed by install folder); version 1 files, which have none, from the nested
 * `dependencies` tree. The root project, workspace folders and `link` entries are the project's
 * own code, not dependencies, and are skipped. Entries npm marks `dev` carry `dev: true`.
 */
export async function parsePackageLock(file: FileInput, foundBy: string): Promise<AnalysisResult> {
  // decoded once: the JSON parse and the entry lines both read the text
  const text = decodeText(await file.read())
  const doc = text === undefined ? { ok: false as const, reason: 'not UTF-8 text' } : parseJsonObjectText(text)
  if (!doc.ok)
    return { packages: [], unknowns: [{ path: file.path, reason: `package-lock: ${doc.reason}` }] }
  const lines = text !== undefined && isRecord(doc.value['packages']) ? packageKeyLines(text) : new Map<string, number>()
  const acc: Acc = { path: file.path, lines, foundBy, drafts: [], unknowns: [] }
  const packages = doc.value['packages']
  if (isRecord(packages)) {
    readPackagesMap(packages, acc)
  } else if (isRecord(doc.value['dependencies'])) {
    readDependencyTree(doc.value['dependencies'], acc, 0)
  } else if (doc.value['lockfileVersion'] === undefined) {
    acc.unknowns.push({
      path: file.path,
      reason: 'package-lock: no lockfileVersion, packages or dependencies',
    })
  }
  return { packages: dedupeDrafts(acc.drafts), unknowns: acc.unknowns }
}

/**
 * The line of each entry of the `packages` map, read from the text as npm writes it (one key per
 * line, entries one indentation step inside `"packages": {`, whatever that step is: npm keeps the
 * project's). A file written otherwise (minified) gives no lines, only that.
 */
export function packageKeyLines(text: string): Map<string, number> {
  const out = new Map<string, number>()
  const start = /^([ \t]+)"packages"\s*:\s*\{\s*$/m.exec(text)
  if (!start) return out
  const unit = start[1] as string
  const entry = new RegExp(`^${unit}${unit}"((?:[^"\\\\]|\\\\.)*)"\\s*:`)
  let line = text.slice(0, start.index).split('\n').length
  let p = start.index
  for (;;) {
    const nl = text.indexOf('\n', p)
    if (nl < 0) break
    p = nl + 1
    line++
    const end = text.indexOf('\n', p)
    const l = text.slice(p, end < 0 ? text.length : end)
    if (l.startsWith(`${unit}}`)) break // the end of "packages"
    const m = entry.exec(l)
    if (!m) continue
    let key: string
    try {
      key = JSON.parse(`"${m[1] as string}"`) as string
    } catch {
      continue
    }
    if (!out.has(key)) out.set(key, line)
  }
  return out
}

/** Name of the package installed at a `packages` key: the part after the last node_modules/. */
function nameFromKey(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/')
  if (i < 0) return undefined
  return key.slice(i + 'node_modules/'.length)
}

function readPackagesMap(packages: Readonly<Record<string, unknown>>, acc: Acc): void {
  for (const [key, entry] of Object.entries(packages)) {
    const installedAs = nameFromKey(key)
    // "" is the root project; keys without node_modules/ are workspace folders (project code).
    if (installedAs === undefined) continue
    if (!isRecord(entry)) {
      acc.unknowns.push({
        path: acc.path,
        reason: `package-lock: entry "${key.slice(0, 200)}" is not an object`,
      })
      continue
    }
    // A link points at a workspace folder (or file: dependency): the project's own code.
    if (entry['link'] === true) continue
    // An alias (`"x": "npm:real@1"`) is installed under its alias; `name` holds the real name.
    const name = nonEmptyString(entry['name']) ?? installedAs
    const version = nonEmptyString(entry['version'])
    if (version === undefined) {
      acc.unknowns.push({
        path: acc.path,
        reason: `package-lock: "${key.slice(0, 200)}" has no version`,
      })
      continue
    }
    push(acc, name, version, toLicenseList(entry['license']), entry['dev'] === true, acc.lines.get(key))
  }
}

function readDependencyTree(
  deps: Readonly<Record<string, unknown>>,
  acc: Acc,
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    acc.unknowns.push({ path: acc.path, reason: 'package-lock: dependencies nested too deep' })
    return
  }
  for (const [installedAs, entry] of Object.entries(deps)) {
    if (!isRecord(entry)) {
      acc.unknowns.push({
        path: acc.path,
        reason: `package-lock: dependency "${installedAs.slice(0, 200)}" is not an object`,
      })
      continue
    }
    readV1Entry(installedAs, entry, acc)
    const nested = entry['dependencies']
    if (isRecord(nested)) readDependencyTree(nested, acc, depth + 1)
  }
}

function readV1Entry(
  installedAs: string,
  entry: Readonly<Record<string, unknown>>,
  acc: Acc,
): void {
  const raw = nonEmptyString(entry['version'])
  if (raw === undefined) {
    acc.unknowns.push({
      path: acc.path,
      reason: `package-lock: "${installedAs.slice(0, 200)}" has no version`,
    })
    return
  }
  // file: and link: dependencies are local folders of the project, not registry packages.
  if (raw.startsWith('file:') || raw.startsWith('link:')) return
  let name = installedAs
  let version = raw
  if (raw.startsWith('npm:')) {
    // v1 writes an alias as `"version": "npm:real-name@1.2.3"`.
    const alias = splitNameAtRange(raw.slice('npm:'.length))
    if (!alias) {
      acc.unknowns.push({
        path: acc.path,
        reason: `package-lock: bad alias "${raw.slice(0, 200)}"`,
      })
      return
    }
    name = alias.name
    version = alias.range
  } else if (/^[a-z+]+:/i.test(raw) || raw.includes('/')) {
    // git+https://…, github:user/repo#sha, https://…tgz: no registry version to match on.
    acc.unknowns.push({
      path: acc.path,
      reason: `package-lock: "${installedAs.slice(0, 200)}" has a non-registry version`,
    })
    return
  }
  push(acc, name, version, [], entry['dev'] === true)
}

function push(acc: Acc, name: string, version: string, licenses: string[], dev: boolean, line?: number): void {
  const pkg = toNpmPackage({
    fullName: name,
    version,
    licenses,
    path: acc.path,
    line,
    foundBy: acc.foundBy,
    dev,
  })
  if (pkg) acc.drafts.push(pkg)
  else
    acc.unknowns.push({
      path: acc.path,
      reason: `package-lock: invalid package name "${name.slice(0, 200)}"`,
    })
}
