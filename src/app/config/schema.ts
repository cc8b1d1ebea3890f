import { homedir } from 'node:os'
import { join } from 'node:path'

/** One setting: key, env var, flag, default and doc in one place (trivy Flag, stackrox settings). */
export interface Setting<T> {
  readonly key: string
  readonly env: string
  readonly flag: string
  readonly doc: string
  readonly parse: (text: string) => T | undefined
  readonly default: (env: NodeJS.ProcessEnv) => T
}

const bytes = (text: string): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?$/i.exec(text.trim())
  if (!m) return undefined
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '')
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit]
  return mult === undefined ? undefined : Math.floor(Number(m[1]) * mult)
}
const text = (t: string): string | undefined => (t === '' ? undefined : t)
const level = (t: string): string | undefined =>
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(t) ? t : undefined

function xdg(env: NodeJS.ProcessEnv, name: 'XDG_CACHE_HOME' | 'XDG_DATA_HOME', fallback: string): string {
  return join(env[name] || join(env.HOME || homedir(), fallback), 'bulwark')
}

/** Every global setting of Bulwark. CLI help and docs come from this table. */
export const SETTINGS = {
  cacheDir: {
    key: 'cacheDir',
    env: 'BULWARK_CACHE_DIR',
    flag: '--cache-dir <dir>',
    doc: 'where layer analysis results are cached by diffID',
    parse: text,
    default: (env) => xdg(env, 'XDG_CACHE_HOME', '.cache'),
  } satisfies Setting<string>,
  dataDir: {
    key: 'dataDir',
    env: 'BULWARK_DATA_DIR',
    flag: '--data-dir <dir>',
    doc: 'where the advisory database lives',
    parse: text,
    default: (env) => xdg(env, 'XDG_DATA_HOME', '.local/share'),
  } satisfies Setting<string>,
  logLevel: {
    key: 'logLevel',
    env: 'BULWARK_LOG_LEVEL',
    flag: '--log-level <level>',
    doc: 'fatal, error, warn, info, debug, trace or silent',
    parse: level,
    default: () => 'warn',
  } satisfies Setting<string>,
  maxFileSize: {
    key: 'maxFileSize',
    env: 'BULWARK_MAX_FILE_SIZE',
    flag: '--max-file-size <bytes>',
    doc: 'largest single file read from an image (e.g. 512MiB); larger aborts the scan',
    parse: bytes,
    default: () => 512 * 1024 ** 2,
  } satisfies Setting<number>,
  maxImageSize: {
    key: 'maxImageSize',
    env: 'BULWARK_MAX_IMAGE_SIZE',
    flag: '--max-image-size <bytes>',
    doc: 'largest total uncompressed image content (e.g. 64GiB); larger aborts the scan',
    parse: bytes,
    default: () => 64 * 1024 ** 3,
  } satisfies Setting<number>,
} as const

export type SettingKey = keyof typeof SETTINGS
export type Config = { readonly [K in SettingKey]: ReturnType<(typeof SETTINGS)[K]['default']> }
