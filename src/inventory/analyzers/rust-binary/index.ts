import { defineAnalyzer } from '../../analyzer.js'
import { isCandidateExecutable } from '../internal/elf-match.js'
import { parseRustBinary, RUST_BINARY_ID } from './parse-rust-binary.js'

/** Rust crates recorded by cargo-auditable in ELF executables (section `.dep-v0`). */
export const rustBinary = defineAnalyzer({
  id: RUST_BINARY_ID,
  version: 1,
  tags: ['language', 'binary'],
  match: isCandidateExecutable,
  parse: parseRustBinary,
})
