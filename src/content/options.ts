import { createHash } from 'node:crypto'

/** One known-bad file: its SHA-256 (lower-case hex) and a name for the finding. */
export interface KnownBadHash {
  readonly sha256: string
  readonly name: string
}

/** What the content scanners do. Defaults are resolved by {@link resolveContentOptions}. */
export interface ContentOptions {
  /** Scan file bodies for secrets (default true). */
  readonly secrets?: boolean
  /** Scan for malicious content and persistence (default true). */
  readonly malware?: boolean
  /** Known-bad SHA-256 hashes added to the built-in list (EICAR). */
  readonly malwareHashes?: readonly KnownBadHash[]
  /** YARA rule files; the YARA scanner runs only when some are given. */
  readonly yaraRules?: readonly string[]
  /** The yara binary (default `yara` on PATH). */
  readonly yaraBinary?: string
  /** Private temp root for YARA spooling (default the OS temp dir). */
  readonly tmpDir?: string
  /** Largest body text rules read, in bytes (default 4 MiB). */
  readonly maxTextSize?: number
  /** Largest body hashed or searched for miner markers, in bytes (default 64 MiB). */
  readonly maxBinarySize?: number
  /** Replaces the default secret skip list (regexes over paths without a leading slash). */
  readonly secretSkip?: readonly RegExp[]
}

/** Options with every default filled in. */
export type ResolvedContentOptions = Required<Omit<ContentOptions, 'secretSkip' | 'tmpDir'>> & {
  readonly secretSkip?: readonly RegExp[]
  readonly tmpDir?: string
}

/** Fills in defaults. */
export function resolveContentOptions(o: ContentOptions = {}): ResolvedContentOptions {
  return {
    secrets: o.secrets ?? true,
    malware: o.malware ?? true,
    malwareHashes: o.malwareHashes ?? [],
    yaraRules: o.yaraRules ?? [],
    yaraBinary: o.yaraBinary ?? 'yara',
    maxTextSize: o.maxTextSize ?? 4 * 1024 * 1024,
    maxBinarySize: o.maxBinarySize ?? 64 * 1024 * 1024,
    ...(o.secretSkip ? { secretSkip: o.secretSkip } : {}),
    ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}),
  }
}

/**
 * The layer cache key holds a scanner's id and version only; a scanner whose result depends on
 * options adds this short fingerprint of them to its id, so changed options never hit stale results.
 */
export function optionsFingerprint(parts: readonly unknown[]): string {
  const text = JSON.stringify(parts, (_k, v: unknown) => (v instanceof RegExp ? v.source : v))
  return createHash('sha256').update(text).digest('hex').slice(0, 10)
}
