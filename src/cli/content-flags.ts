import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { UserError } from '../core/index.js'
import type { ScanImageOptions } from '../scan/index.js'

/** Flags of the content checks (secrets, malware, YARA) on `bulwark image`. */
export interface ContentFlags {
  readonly secrets?: boolean
  readonly malware?: boolean
  readonly secretAllowlist?: string
  readonly malwareHashes?: readonly string[]
  readonly yaraRules?: readonly string[]
  readonly base?: string
}

const collect = (v: string, prev: readonly string[] = []): string[] => [...prev, v]

/** Adds the content-check flags to a command. */
export function withContentFlags(cmd: Command): Command {
  return cmd
    .option('--no-secrets', 'do not look for secrets in the image')
    .option('--no-malware', 'do not look for malicious content and persistence')
    .option('--secret-allowlist <file>', 'allow-list lines: RULE [GLOB] or * GLOB (findings kept, marked suppressed)')
    .option('--malware-hashes <file>', 'extra known-bad SHA-256 list (sha256sum format); repeatable', collect)
    .option('--yara-rules <path>', 'YARA rules file or directory of *.yar/*.yara, run with the yara binary; repeatable', collect)
    .option('--base <image>', 'the base image (any image reference): layers it shares with IMAGE count as the base (default: the first layer)')
}

async function readInput(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError('ARG_INVALID', `${flag} ${path}: ${(err as Error).message}`, { cause: err })
  }
}

async function yaraFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const s = await stat(p).catch((err: Error) => {
      throw new UserError('ARG_INVALID', `--yara-rules ${p}: ${err.message}`, { cause: err })
    })
    if (!s.isDirectory()) {
      out.push(p)
      continue
    }
    const names = (await readdir(p)).filter((n) => /\.(yar|yara)$/i.test(n)).sort()
    if (names.length === 0) throw new UserError('ARG_INVALID', `--yara-rules ${p}: no *.yar or *.yara files`)
    out.push(...names.map((n) => join(p, n)))
  }
  return out
}

/** Reads the flag inputs into the scan's content options (bad files are usage errors, exit 2). */
export async function contentOptions(flags: ContentFlags): Promise<NonNullable<ScanImageOptions['content']>> {
  const { parseAllowList, parseHashList } = await import('../content/index.js')
  const allow = flags.secretAllowlist
    ? parseAllowList(await readInput('--secret-allowlist', flags.secretAllowlist))
    : []
  const hashes = []
  for (const f of flags.malwareHashes ?? []) hashes.push(...parseHashList(await readInput('--malware-hashes', f), f))
  const yaraRules = await yaraFiles(flags.yaraRules ?? [])
  return {
    secrets: flags.secrets !== false,
    malware: flags.malware !== false,
    ...(hashes.length ? { malwareHashes: hashes } : {}),
    ...(yaraRules.length ? { yaraRules } : {}),
    ...(flags.base !== undefined ? { baseImage: flags.base } : {}),
    allow,
  }
}
