import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../core/index.js'
import { DOCKER_HUB } from '../reference.js'
import type { Credentials } from './auth.js'
import { helperCredentials } from './cred-helper.js'

// ref: https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md
// ref: https://docs.docker.com/reference/cli/docker/#docker-cli-configuration-file-configjson-properties

/** Where credentials may come from: flags, an explicit file, or the environment's default files. */
export interface CredentialOptions {
  readonly username?: string
  readonly password?: string
  /** Explicit auth file (Docker config.json or containers auth.json); only it is read. */
  readonly authFile?: string
  /** Environment to read HOME, DOCKER_CONFIG, REGISTRY_AUTH_FILE, XDG_* from (never process.env). */
  readonly env?: NodeJS.ProcessEnv
}

const HUB_ALIASES = new Set([
  DOCKER_HUB,
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
])

/** The auth files searched, in containers/image order, for an environment. */
export function authFileCandidates(env: NodeJS.ProcessEnv): string[] {
  const files: string[] = []
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE)
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'))
  const configHome = env.XDG_CONFIG_HOME ?? (env.HOME ? join(env.HOME, '.config') : undefined)
  if (configHome) files.push(join(configHome, 'containers', 'auth.json'))
  if (env.DOCKER_CONFIG) files.push(join(env.DOCKER_CONFIG, 'config.json'))
  else if (env.HOME) files.push(join(env.HOME, '.docker', 'config.json'))
  return files
}

/** Normalizes an auths key: drops the scheme, a trailing `/v1/`-style path and Hub aliases. */
export function normalizeAuthKey(key: string): string {
  let k = key.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
  k = k.replace(/\/v[12]$/, '')
  const slash = k.indexOf('/')
  const host = slash < 0 ? k : k.slice(0, slash)
  return HUB_ALIASES.has(host) ? DOCKER_HUB + (slash < 0 ? '' : k.slice(slash)) : k
}

interface AuthEntry {
  auth?: unknown
  username?: unknown
  password?: unknown
}

function decodeEntry(e: AuthEntry, file: string): Credentials | undefined {
  if (typeof e.username === 'string' && typeof e.password === 'string' && e.username !== '') {
    return { username: e.username, password: e.password }
  }
  if (typeof e.auth !== 'string' || e.auth === '') return undefined
  const text = Buffer.from(e.auth, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0)
    throw new UserError('CONFIG_INVALID', `${file}: an "auth" entry is not base64 user:password`)
  return { username: text.slice(0, colon), password: text.slice(colon + 1) }
}

/** What one auth file says: entries by normalized key, per-registry helpers, the default helper. */
interface AuthFile {
  readonly auths: Map<string, AuthEntry>
  readonly helpers: Map<string, string>
  readonly store?: string
}

async function readAuthFile(file: string): Promise<AuthFile | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  if (text.length > 1024 * 1024)
    throw new UserError('CONFIG_INVALID', `${file}: auth file is too large`)
  let doc: { auths?: Record<string, AuthEntry>; credHelpers?: Record<string, unknown>; credsStore?: unknown }
  try {
    doc = JSON.parse(text) as typeof doc
  } catch (err) {
    throw new UserError('CONFIG_INVALID', `${file}: auth file is not valid JSON`, { cause: err })
  }
  if (typeof doc !== 'object' || doc === null) throw new UserError('CONFIG_INVALID', `${file}: auth file is not a JSON object`)
  const auths = new Map<string, AuthEntry>()
  for (const [k, v] of Object.entries(doc.auths ?? {})) {
    if (typeof v === 'object' && v !== null) auths.set(normalizeAuthKey(k), v)
  }
  const helpers = new Map<string, string>()
  for (const [k, v] of Object.entries(doc.credHelpers ?? {})) {
    if (typeof v === 'string' && v !== '') helpers.set(normalizeAuthKey(k), v)
  }
  const store = typeof doc.credsStore === 'string' && doc.credsStore !== '' ? doc.credsStore : undefined
  return { auths, helpers, ...(store ? { store } : {}) }
}

/**
 * Finds credentials for `registry/repository`: flags first, then the auth files in order. In a
 * file, as the Docker CLI reads config.json: a credential helper named for the registry
 * (`credHelpers`), else the default helper (`credsStore`), else the `auths` entries, where the
 * most specific key wins (`host/ns/repo` before `host/ns` before `host`, as in
 * containers-auth.json). A helper that holds nothing for the registry passes to the entries.
 */
export async function resolveCredentials(
  registry: string,
  repository: string,
  o: CredentialOptions,
): Promise<Credentials | undefined> {
  if (o.username !== undefined && o.password !== undefined)
    return { username: o.username, password: o.password }
  const files = o.authFile !== undefined ? [o.authFile] : authFileCandidates(o.env ?? {})
  const host = normalizeAuthKey(registry)
  const parts = repository.split('/')
  const keys: string[] = []
  for (let n = parts.length; n > 0; n--) keys.push(`${host}/${parts.slice(0, n).join('/')}`)
  keys.push(host)
  for (const file of files) {
    const f = await readAuthFile(file)
    if (!f) continue
    const helper = f.helpers.get(host) ?? f.store
    if (helper !== undefined) {
      const c = await helperCredentials(helper, host, o.env ?? {}, file)
      if (c) return c
    }
    for (const k of keys) {
      const e = f.auths.get(k)
      const c = e ? decodeEntry(e, file) : undefined
      if (c) return c
    }
  }
  return undefined
}
