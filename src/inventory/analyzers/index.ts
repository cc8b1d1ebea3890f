import type { Analyzer } from '../analyzer.js'
import { dpkgAnalyzer } from './dpkg/index.js'
import { goBinary } from './go-binary/index.js'
import { npm } from './npm/index.js'
import { osReleaseAnalyzer } from './os-release/index.js'
import { yarn } from './yarn/index.js'

/** The ONLY place analyzers are listed (STYLE.md section 3). */
export const analyzers: readonly Analyzer[] = [osReleaseAnalyzer, dpkgAnalyzer, npm, yarn, goBinary]
