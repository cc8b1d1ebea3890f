import { toPurl } from '../../../core/index.js'
import type { AnalysisResult, FileInput, PackageDraft } from '../../analyzer.js'
import { emptyResult } from '../../analyzer.js'
import { isElf, parseElf } from '../internal/elf.js'
import { readGoBuildInfo } from './parse-buildinfo.js'
import { parseModinfo } from './parse-modinfo.js'

/** The analyzer id, also the packages' `foundBy`. */
export const GO_BINARY_ID = 'go-binary'

/** The version the Go tools give a main module built from a work tree: not a release. */
const DEVEL = '(devel)'

/**
 * A golang package draft. The purl splits the module path on its last '/' into namespace and
 * name, as the purl spec's golang examples do (pkg:golang/github.com/gorilla/context@v1.1.1);
 * the Package keeps the same split (namespace = module path prefix).
 */
export function toGoPackage(modulePath: string, version: string, location: string): PackageDraft {
  const cut = modulePath.lastIndexOf('/')
  const namespace = cut > 0 ? modulePath.slice(0, cut) : undefined
  const name = cut > 0 ? modulePath.slice(cut + 1) : modulePath
  return {
    name,
    ...(namespace ? { namespace } : {}),
    version,
    type: 'golang',
    purl: toPurl({ type: 'golang', namespace, name, version }),
    licenses: [],
    foundBy: GO_BINARY_ID,
    locations: [{ path: location }],
  }
}

/**
 * The toolchain version as a module-style version: "go1.20.7" -> "v1.20.7", "go1.22.1
 * X:boringcrypto" -> "v1.22.1" (Trivy names this package `stdlib`, pkg:golang/stdlib@v1.20.7).
 * Development toolchains ("devel go1.23-abc") have no release version: undefined.
 */
export function toStdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)(?:\s|$)/.exec(goVersion)
  return m ? `v${m[1] ?? ''}` : undefined
}

/**
 * Turns one file into Go packages: the main module (unless its version is "(devel)", which names
 * no release, as Trivy and Syft skip it), every dependency (a replacement wins, as in Trivy), and
 * the standard library as `stdlib` at the toolchain version. Non-ELF files and ELF files without
 * `.go.buildinfo` give nothing; damaged ones give an unknown.
 */
export async function parseGoBinary(file: FileInput): Promise<AnalysisResult> {
  const buf = await file.read()
  if (!isElf(buf)) return emptyResult()
  let info
  try {
    const found = readGoBuildInfo(buf, parseElf(buf))
    if (found.kind === 'none') return emptyResult()
    if (found.kind === 'bad')
      return { packages: [], unknowns: [{ path: file.path, reason: found.reason }] }
    info = found.info
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unreadable ELF file'
    return { packages: [], unknowns: [{ path: file.path, reason }] }
  }
  const mod = parseModinfo(info.modinfo)
  const packages: PackageDraft[] = []
  if (mod.main && mod.main.version !== DEVEL && mod.main.version !== '') {
    packages.push(toGoPackage(mod.main.path, mod.main.version, file.path))
  }
  for (const dep of mod.deps) packages.push(toGoPackage(dep.path, dep.version, file.path))
  const std = toStdlibVersion(info.goVersion)
  if (std) packages.push(toGoPackage('stdlib', std, file.path))
  const unknowns = mod.bad.map((line) => ({
    path: file.path,
    reason: `unparsable module line: ${line.slice(0, 200)}`,
  }))
  return { packages, unknowns }
}
