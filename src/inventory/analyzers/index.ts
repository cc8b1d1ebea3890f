import type { Analyzer } from '../analyzer.js'

/** The ONLY place analyzers are listed (STYLE.md section 3). */
export const analyzers: readonly Analyzer[] = []
