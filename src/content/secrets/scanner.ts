import type { LayerScan, LayerScanner, ScannedEntry } from '../../inventory/index.js'
import { optionsFingerprint, type ResolvedContentOptions } from '../options.js'
import type { SecretRecord, SecretsLayerResult } from '../internal/results.js'
import { BINARY_SUFFIX, DEFAULT_SECRET_SKIP, isLargeExecutable, matchesAny } from '../internal/paths.js'
import type { Prefilter } from '../internal/prefilter.js'
import { isBinary } from '../internal/text.js'
import { SECRET_RULES } from './rules.js'
import { scanSecrets } from './scan.js'

/** Bump when the rules or the result shape change: it invalidates cached layer results. */
export const SECRETS_SCANNER_VERSION = 1

/**
 * The secrets scanner: reads every text file of every layer (deleted ones included: a file removed
 * by a later layer is still in the image) and records redacted hits with the file and line.
 */
export function secretsScanner(o: ResolvedContentOptions, prefilter: Prefilter): LayerScanner {
  const skip = o.secretSkip ?? DEFAULT_SECRET_SKIP
  const custom = o.secretSkip !== undefined || o.maxTextSize !== 4 * 1024 * 1024
  return {
    id: custom ? `secrets~${optionsFingerprint([skip, o.maxTextSize])}` : 'secrets',
    version: SECRETS_SCANNER_VERSION,
    start(): LayerScan {
      const hits: SecretRecord[] = []
      let tooLarge = 0
      return {
        wants(e: ScannedEntry) {
          if (e.kind !== 'file' || e.size === 0) return false
          if (matchesAny(e.path, skip) || BINARY_SUFFIX.test(e.path) || isLargeExecutable(e.mode, e.size)) return false
          if (e.size > o.maxTextSize) {
            tooLarge++
            return false
          }
          return true
        },
        async visit(e, read) {
          const body = await read()
          if (isBinary(body)) return
          for (const h of scanSecrets(body, e.path, SECRET_RULES, prefilter.present(body))) hits.push({ path: e.path, ...h })
        },
        finish(): SecretsLayerResult {
          return { type: 'secrets', hits, tooLarge }
        },
      }
    },
  }
}
