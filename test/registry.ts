/**
 * Test harness: a real Distribution registry (Debian's docker-registry) on 127.0.0.1 with its
 * own config in a temp dir (never Debian's default), optionally behind htpasswd Basic auth or a
 * Bearer token server (node:http signing ES256 JWTs with an openssl-made key); skopeo pushes.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createHash, createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** True when `tool` is on PATH. In CI (CI=true) a missing tool is an error, never a skip. */
export function hasTool(tool: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
    return true
  } catch {
    if (env.CI === 'true') throw new Error(`${tool} is required in CI but is not installed`)
    return false
  }
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  const srv = createNetServer()
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address() as AddressInfo
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

/** User and password for Basic auth (htpasswd) or for the token server. */
export interface Login {
  readonly user: string
  readonly password: string
}

export interface RegistryOptions {
  /** Protect the registry with htpasswd Basic auth (bcrypt via `htpasswd -B`). */
  readonly htpasswd?: Login
  /** Protect it with Bearer tokens from a local token server; `login` makes tokens need Basic creds. */
  readonly token?: { readonly login?: Login }
}

/** A running registry. */
export interface RunningRegistry {
  /** `127.0.0.1:PORT` */
  readonly host: string
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  /** Token realm when token auth is on. */
  readonly realm?: string
  /** Tokens issued so far (scope strings), for assertions. */
  readonly issued: string[]
  stop(): Promise<void>
}

// ref: https://github.com/docker/libtrust/blob/master/util.go (keyIDFromCryptoKey: base32 of sha256(SPKI)[:30])
function libtrustKeyId(spkiDer: Buffer): string {
  const bytes = createHash('sha256').update(spkiDer).digest().subarray(0, 30)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const b of bytes) bits += b.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)]
  return out.match(/.{4}/g)?.join(':') ?? out
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url')

interface TokenServer {
  readonly server: Server
  readonly realm: string
  readonly issued: string[]
}

async function startTokenServer(
  dir: string,
  service: string,
  issuer: string,
  login?: Login,
): Promise<TokenServer> {
  const keyPem = join(dir, 'token.key')
  const certPem = join(dir, 'token.crt')
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    keyPem,
    '-out',
    certPem,
    '-days',
    '2',
    '-subj',
    '/CN=bulwark-test-token',
  ])
  const key = createPrivateKey(readFileSync(keyPem))
  const cert = new X509Certificate(readFileSync(certPem))
  const kid = libtrustKeyId(cert.publicKey.export({ type: 'spki', format: 'der' }))
  const x5c = [cert.raw.toString('base64')]
  const issued: string[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (login) {
      const want = `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`
      if (req.headers.authorization !== want) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}')
        return
      }
    }
    const scopes = url.searchParams.getAll('scope')
    issued.push(...scopes)
    const access = scopes.flatMap((s) => {
      const [type, name, actions] = s.split(':')
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : []
    })
    const now = Math.floor(Date.now() / 1000)
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid, x5c }))
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: login?.user ?? 'anonymous',
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access,
      }),
    )
    const sig = sign('sha256', Buffer.from(`${header}.${claims}`), {
      key,
      dsaEncoding: 'ieee-p1363',
    })
    const token = `${header}.${claims}.${b64url(sig)}`
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300 }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, realm: `http://127.0.0.1:${port}/token`, issued }
}

async function waitUp(url: string, child: ChildProcess, logFile: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited: ${readFileSync(logFile, 'utf8').slice(-2000)}`)
    const ok = await fetch(`${url}/v2/`).then(
      () => true,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`docker-registry did not come up at ${url}`)
}

function authSection(dir: string, o: RegistryOptions, token?: TokenServer): string {
  if (o.htpasswd) {
    const file = join(dir, 'htpasswd')
    execFileSync('htpasswd', ['-Bbc', file, o.htpasswd.user, o.htpasswd.password], {
      stdio: 'ignore',
    })
    return `auth:\n  htpasswd:\n    realm: bulwark-test\n    path: ${file}\n`
  }
  if (token) {
    return `auth:\n  token:\n    realm: ${token.realm}\n    service: bulwark-test-registry\n    issuer: bulwark-test-issuer\n    rootcertbundle: ${join(dir, 'token.crt')}\n`
  }
  return ''
}

const WATCHDOG = [
  'docker-registry serve "$2" & r=$!',
  "trap 'kill $r 2>/dev/null; wait $r; exit 0' TERM INT",
  'while kill -0 "$1" 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done',
  'kill $r 2>/dev/null; wait $r',
].join('\n')

/** Starts docker-registry on a free 127.0.0.1 port with a private config and storage. */
export async function startRegistry(o: RegistryOptions = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-registry-'))
  const port = await freePort()
  const token = o.token
    ? await startTokenServer(dir, 'bulwark-test-registry', 'bulwark-test-issuer', o.token.login)
    : undefined
  const config = [
    'version: 0.1',
    'log:\n  level: error\n  accesslog:\n    disabled: true',
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true`,
    `http:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}`,
    authSection(dir, o, token),
  ].join('\n')
  writeFileSync(join(dir, 'config.yml'), config)
  const logFile = join(dir, 'registry.log')
  writeFileSync(logFile, '')
  // A watchdog shell: the registry dies with the test process even when that one is killed.
  const child = spawn(
    'sh',
    ['-c', WATCHDOG, 'registry-watchdog', String(process.pid), join(dir, 'config.yml')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  child.stderr?.on('data', (d: Buffer) => writeFileSync(logFile, d, { flag: 'a' }))
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    if (token) await new Promise((r) => token.server.close(r))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitUp(url, child, logFile)
  } catch (err) {
    await stop()
    throw err
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    ...(token ? { realm: token.realm } : {}),
    issued: token?.issued ?? [],
    stop,
  }
}

/** Pushes `src` (any skopeo reference) to `docker://HOST/DEST` with skopeo over plain HTTP. */
export async function skopeoPush(
  src: string,
  host: string,
  dest: string,
  o: { login?: Login; all?: boolean } = {},
): Promise<void> {
  const args = ['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false']
  if (o.all) args.push('--all')
  if (o.login) args.push('--dest-creds', `${o.login.user}:${o.login.password}`)
  await run('skopeo', [...args, src, `docker://${host}/${dest}`])
}
