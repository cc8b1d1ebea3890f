import { mkdtempSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { LayerScan, LayerScanner } from '../../inventory/index.js'
import { optionsFingerprint, type ResolvedContentOptions } from '../options.js'
import type { YaraLayerResult } from '../internal/results.js'
import { runYara } from './run.js'

/** Bump when the result shape changes. */
export const YARA_SCANNER_VERSION = 1
/** Largest file spooled for YARA. */
export const YARA_MAX_FILE = 32 * 1024 * 1024
/** Most bytes spooled per layer; files beyond it are counted as skipped. */
export const YARA_MAX_LAYER = 1024 * 1024 * 1024

/**
 * The YARA scanner: spools each layer's regular files into a private temp directory (0700, file
 * names are sequence numbers, never image paths) and runs the yara binary once per layer when the
 * walk ends. The rule files' contents are part of the scanner id, so changed rules never reuse a
 * cached layer result.
 */
export function yaraScanner(o: ResolvedContentOptions): LayerScanner {
  const rules = o.yaraRules
  const id = `yara~${optionsFingerprint(rules.map((r) => readFileSync(r, 'utf8')))}`
  return {
    id,
    version: YARA_SCANNER_VERSION,
    start(): LayerScan {
      let dir: string | undefined
      const names = new Map<string, string>()
      let spooled = 0
      let skipped = 0
      return {
        wants(e) {
          if (e.kind !== 'file' || e.size === 0) return false
          if (e.size > YARA_MAX_FILE || spooled + e.size > YARA_MAX_LAYER) {
            skipped++
            return false
          }
          spooled += e.size
          return true
        },
        async visit(e, read) {
          const body = await read()
          dir ??= mkdtempSync(join(o.tmpDir ?? tmpdir(), 'bulwark-yara-'))
          const name = String(names.size)
          names.set(name, e.path)
          await writeFile(join(dir, name), body, { mode: 0o600 })
        },
        async finish(): Promise<YaraLayerResult> {
          if (!dir) return { type: 'yara', matches: [], errors: [], skipped }
          try {
            const { hits, error } = await runYara(o.yaraBinary, rules, dir)
            const matches = hits.flatMap((h) => {
              const path = names.get(basename(h.file))
              return path ? [{ path, rule: h.rule }] : []
            })
            return { type: 'yara', matches, errors: error ? [error] : [], skipped }
          } finally {
            await rm(dir, { recursive: true, force: true })
          }
        },
      }
    },
  }
}
