import type { FileMeta } from '../../analyzer.js'

/** Smaller files cannot hold an ELF header, a section table and build metadata. */
const MIN_SIZE = 512
/** Larger files are skipped: the image's per-file cap would stop the read anyway. */
const MAX_SIZE = 1 << 30

/** Suffixes of executable files that are never program binaries with embedded build data. */
const NOT_A_PROGRAM =
  /\.(sh|bash|py|pl|rb|js|mjs|cjs|php|lua|tcl|txt|md|json|ya?ml|conf|h|c|a|o|ko|la|jar)$/i
/** Shared libraries (libfoo.so, libfoo.so.6.1): the Go and Rust analyzers look at programs. */
const SHARED_LIB = /\.so(\.\d+)*$/

/**
 * The cheap predicate the binary analyzers share: an executable file of plausible size whose
 * name does not say it is a script or a library. The parse still checks the ELF magic.
 */
export function isCandidateExecutable(path: string, meta: FileMeta): boolean {
  if ((meta.mode & 0o111) === 0) return false
  if (meta.size < MIN_SIZE || meta.size > MAX_SIZE) return false
  const base = path.slice(path.lastIndexOf('/') + 1)
  return !NOT_A_PROGRAM.test(base) && !SHARED_LIB.test(base)
}
