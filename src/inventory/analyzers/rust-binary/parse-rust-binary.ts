import { toPurl } from '../../../core/index.js'
import type { AnalysisResult, FileInput, PackageDraft } from '../../analyzer.js'
import { emptyResult } from '../../analyzer.js'
import { findSection, isElf, parseElf, sectionData } from '../internal/elf.js'
import { decodeAuditData } from './parse-audit-data.js'

/** The analyzer id, also the packages' `foundBy`. */
export const RUST_BINARY_ID = 'rust-binary'

function unknown(path: string, reason: string): AnalysisResult {
  return { packages: [], unknowns: [{ path, reason }] }
}

/**
 * Turns one ELF file with cargo-auditable data (section `.dep-v0`) into cargo packages. Crates
 * recorded with kind "build" (build scripts, proc-macros) are skipped: they run at build time and
 * are not in the binary — Trivy's Rust binary parser does the same. The root crate is kept (a
 * vulnerable application crate is still a finding). Files without the section give nothing.
 */
export async function parseRustBinary(file: FileInput): Promise<AnalysisResult> {
  const buf = await file.read()
  if (!isElf(buf)) return emptyResult()
  let payload: Buffer
  try {
    const section = findSection(parseElf(buf), '.dep-v0')
    if (!section) return emptyResult()
    payload = sectionData(buf, section)
  } catch (err) {
    return unknown(file.path, err instanceof Error ? err.message : 'unreadable ELF file')
  }
  const data = decodeAuditData(payload)
  if (typeof data === 'string') return unknown(file.path, data)
  const packages: PackageDraft[] = data.packages
    .filter((p) => p.kind !== 'build')
    .map((p) => ({
      name: p.name,
      version: p.version,
      type: 'cargo',
      purl: toPurl({ type: 'cargo', name: p.name, version: p.version }),
      licenses: [],
      foundBy: RUST_BINARY_ID,
      locations: [{ path: file.path }],
    }))
  return { packages, unknowns: data.bad.map((reason) => ({ path: file.path, reason })) }
}
