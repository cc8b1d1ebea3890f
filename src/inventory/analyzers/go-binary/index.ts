import { defineAnalyzer } from '../../analyzer.js'
import { isCandidateExecutable } from '../internal/elf-match.js'
import { GO_BINARY_ID, parseGoBinary } from './parse-go-binary.js'

/** Go modules and toolchain recorded in ELF executables built by Go 1.13 and later. */
export const goBinary = defineAnalyzer({
  id: GO_BINARY_ID,
  version: 1,
  tags: ['language', 'binary'],
  match: isCandidateExecutable,
  parse: parseGoBinary,
})
