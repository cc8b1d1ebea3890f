import type { LayerScanner } from '../inventory/index.js'
import { imageFilesScanner } from './imagecfg/scanner.js'
import { createPrefilter } from './internal/prefilter.js'
import { malwareScanner } from './malware/scanner.js'
import { resolveContentOptions, type ContentOptions } from './options.js'
import { secretsScanner } from './secrets/scanner.js'
import { checkYara } from './yara/run.js'
import { yaraScanner } from './yara/scanner.js'

/**
 * The content scanners to hand to inventoryImage({ scanners }): they ride the inventory's single
 * pass over each layer. Throws UserError when YARA rules are given but yara cannot run them.
 */
export function contentScanners(options: ContentOptions = {}): LayerScanner[] {
  const o = resolveContentOptions(options)
  const prefilter = createPrefilter()
  const out: LayerScanner[] = [imageFilesScanner()]
  if (o.secrets) out.push(secretsScanner(o, prefilter))
  if (o.malware) out.push(malwareScanner(o, prefilter))
  if (o.yaraRules.length > 0) {
    checkYara(o.yaraBinary, o.yaraRules)
    out.push(yaraScanner(o))
  }
  return out
}
