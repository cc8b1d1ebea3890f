import type { Analyzer } from '../analyzer.js'
import { apkAnalyzer } from './apk/index.js'
import { composer } from './composer/index.js'
import { dpkgAnalyzer } from './dpkg/index.js'
import { dpkgLicense } from './dpkg-license/index.js'
import { gem } from './gem/index.js'
import { goBinary } from './go-binary/index.js'
import { java } from './java/index.js'
import { npm } from './npm/index.js'
import { osReleaseAnalyzer } from './os-release/index.js'
import { pnpm } from './pnpm/index.js'
import { python } from './python/index.js'
import { rpmAnalyzer } from './rpm/index.js'
import { rustBinary } from './rust-binary/index.js'
import { yarn } from './yarn/index.js'

/** The ONLY place analyzers are listed (STYLE.md section 3): OS first, then languages, then binaries. */
export const analyzers: readonly Analyzer[] = [
  osReleaseAnalyzer,
  dpkgAnalyzer,
  dpkgLicense,
  apkAnalyzer,
  rpmAnalyzer,
  npm,
  yarn,
  pnpm,
  python,
  gem,
  composer,
  java,
  goBinary,
  rustBinary,
]
