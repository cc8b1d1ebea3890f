import { execFile } from 'node:child_process'
import { UserError } from '../../core/index.js'
import { DOCKER_HUB } from '../reference.js'
import type { Credentials } from './auth.js'

// ref: https://github.com/docker/docker-credential-helpers (README: the `get` protocol)
// ref: https://docs.docker.com/reference/cli/docker/login/#credential-helpers

/** A helper name becomes part of a program name: letters, digits, `.`, `_` and `-` only. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const TIMEOUT_MS = 30_000
const MAX_OUTPUT = 64 * 1024
/** What helpers print when they hold nothing for a server (docker-credential-helpers' ErrCredentialsNotFound). */
const NOT_FOUND = /credentials not found/i

/** The server URL Docker hands helpers: its own legacy URL for Docker Hub, else the host. */
export function helperServerUrl(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry
}

/**
 * Runs `docker-credential-NAME get` with the registry's server URL on stdin, as the Docker CLI
 * does, and returns the credentials it prints, or undefined when it has none for that server.
 * Identity tokens (Username `<token>`) are refused with a message: Bulwark sends basic
 * credentials only. `from` names the config file that asked for the helper, for messages.
 */
export async function helperCredentials(
  name: string,
  registry: string,
  env: NodeJS.ProcessEnv,
  from: string,
): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(name)) {
    throw new UserError('CONFIG_INVALID', `${from}: credential helper name ${JSON.stringify(name.slice(0, 80))} is not a helper name`)
  }
  const program = `docker-credential-${name}`
  const server = helperServerUrl(registry)
  const run = await new Promise<{ code: number | string | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      program,
      ['get'],
      { env, timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.on('error', () => undefined) // a helper that exits without reading stdin
    child.stdin?.end(server)
  })
  if (run.code === 'ENOENT') {
    throw new UserError('CONFIG_INVALID', `${from}: credential helper ${program} is not installed (not found on PATH)`)
  }
  if (run.code !== 0) {
    if (NOT_FOUND.test(run.stdout) || NOT_FOUND.test(run.stderr)) return undefined
    const why = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-1)[0]?.slice(0, 300) ?? ''
    throw new UserError('CONFIG_INVALID', `${from}: credential helper ${program} failed for ${server}${why ? `: ${why}` : ''}`)
  }
  let doc: { Username?: unknown; Secret?: unknown }
  try {
    doc = JSON.parse(run.stdout) as typeof doc
  } catch (err) {
    throw new UserError('CONFIG_INVALID', `${from}: credential helper ${program} printed no JSON for ${server}`, { cause: err })
  }
  if (typeof doc.Username !== 'string' || typeof doc.Secret !== 'string') {
    throw new UserError('CONFIG_INVALID', `${from}: credential helper ${program} gave no Username and Secret for ${server}`)
  }
  if (doc.Username === '<token>') {
    throw new UserError(
      'CONFIG_INVALID',
      `${from}: credential helper ${program} holds an identity token for ${server}; Bulwark needs a username and password (pass --username/--password or an auth file)`,
    )
  }
  if (doc.Username === '' && doc.Secret === '') return undefined
  return { username: doc.Username, password: doc.Secret }
}
