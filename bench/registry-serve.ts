/**
 * `bulwark serve` as users run it, for benchmarks: bin/bulwark.cjs in its own process (the bundle
 * `npm run bench` builds first), SQLite and blobs in a temp data dir, log level info (the
 * default) written to a file, scan-on-push on (its scanner runs the same bin). Stops with SIGTERM
 * like a service manager.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/registry.js'
import { BenchError } from './lib/index.js'

const ROOT = join(import.meta.dirname, '..')
const CLI = join(ROOT, 'bin', 'bulwark.cjs')

/** A running `bulwark serve`. */
export interface Serve {
  /** `127.0.0.1:PORT` */
  readonly host: string
  readonly url: string
  /** The admin token it was started with (may push). */
  readonly token: string
  /** Waits until the latest scan of `repository:tag` completed (throws when it failed or timed out). */
  scanned(repository: string, tag: string, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const got = await probe().catch(() => undefined)
    if (got !== undefined) return got
    if (Date.now() > end) throw new BenchError('BENCH_COMMAND_FAILED', `bulwark serve: ${what} did not happen in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Starts `bulwark serve` on a free loopback port over a fresh data directory. */
export async function startServe(): Promise<Serve> {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'main.cjs'))) {
    throw new BenchError('BENCH_COMMAND_FAILED', 'no dist/bundle: run `npm run build` first (npm run bench does)')
  }
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-serve-'))
  const port = await freePort()
  const token = `bwk_bench_${Date.now().toString(36)}_admin_token`
  const log = openSync(join(dir, 'serve.log'), 'a')
  const child = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', join(dir, 'data')], {
    env: { ...process.env, BULWARK_ADMIN_TOKEN: token },
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const up = await until('/healthz', 60_000, async () => {
      if (child.exitCode !== null) return 'exited'
      return (await fetch(`${url}/healthz`)).ok ? 'up' : undefined
    })
    if (up === 'exited') {
      const tail = readFileSync(join(dir, 'serve.log'), 'utf8').slice(-2000)
      throw new BenchError('BENCH_COMMAND_FAILED', `bulwark serve exited ${child.exitCode}: ${tail}`)
    }
  } catch (err) {
    await stop()
    throw err
  }
  const auth = { authorization: `Bearer ${token}` }
  return {
    host: `127.0.0.1:${port}`,
    url,
    token,
    async scanned(repository, tag, timeoutMs = 180_000) {
      const status = await until(`the scan of ${repository}:${tag}`, timeoutMs, async () => {
        const res = await fetch(`${url}/api/v1/repositories/${encodeURIComponent(repository)}/versions`, { headers: auth })
        const body = (await res.json()) as { versions?: { tag: string; status: string }[] }
        const s = body.versions?.find((v) => v.tag === tag)?.status
        return s === undefined || s === 'unscanned' || s === 'scanning' ? undefined : s
      })
      if (status === 'scan-failed') throw new BenchError('BENCH_COMMAND_FAILED', `scan-on-push of ${repository}:${tag} failed`)
    },
    stop,
  }
}
