import { resolve } from 'node:path'
import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import type { CliIo } from '../io.js'
import { TOOL_VERSION } from '../version.js'

interface ServeFlags {
  readonly host: string
  readonly port: string
  readonly data: string
  readonly db?: string
  readonly externalName?: string
}

function parsePort(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError('ARG_INVALID', `--port: "${text}" is not a port number`)
  return n
}

function parseCount(name: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UserError('CONFIG_INVALID', `${name}: "${text}" is not a count from 0 to 64`)
  return n
}

function parseSeconds(name: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 3600) throw new UserError('CONFIG_INVALID', `${name}: "${text}" is not a number of seconds from 1 to 604800`)
  return n
}

/** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
function untilSignal(): Promise<string> {
  return new Promise((res) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => res(sig))
  })
}

/** `bulwark serve`: the platform server (API, registry on /v2/, background scans) until a signal. */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the platform server: REST API, built-in registry with scan-on-push, scan jobs')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--data <dir>', 'data directory (SQLite database, registry blobs, keys)', './bulwark-data')
    .option('--db <url>', 'postgres://… to use PostgreSQL instead of SQLite (env BULWARK_DB_URL)')
    .option('--external-name <host[:port]>', 'the name clients push to, when not --host:--port (a DNS name, a proxy): image signatures name it (env BULWARK_EXTERNAL_NAME)')
    .addHelpText('after', '\nEnvironment: BULWARK_ADMIN_TOKEN (admin token instead of a generated one), BULWARK_SCAN_CONCURRENCY (scan workers, default 2; 0 queues only), BULWARK_SCAN_TIMEOUT (seconds one image scan may take, default 1800)')
    .action(async (flags: ServeFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ logLevel?: string }>()
      const { createServer } = await import('../../app/index.js')
      const dbUrl = flags.db ?? io.env.BULWARK_DB_URL
      const adminToken = io.env.BULWARK_ADMIN_TOKEN
      const concurrency = io.env.BULWARK_SCAN_CONCURRENCY
      const timeout = io.env.BULWARK_SCAN_TIMEOUT
      const externalName = flags.externalName ?? io.env.BULWARK_EXTERNAL_NAME
      if (externalName !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(externalName)) {
        throw new UserError('ARG_INVALID', `--external-name: "${externalName}" is not HOST or HOST:PORT`)
      }
      const server = await createServer({
        host: flags.host,
        port: parsePort(flags.port),
        dataDir: resolve(flags.data),
        ...(dbUrl ? { dbUrl } : {}),
        ...(adminToken ? { adminToken } : {}),
        ...(concurrency ? { scanConcurrency: parseCount('BULWARK_SCAN_CONCURRENCY', concurrency) } : {}),
        ...(timeout ? { scanTimeoutMs: parseSeconds('BULWARK_SCAN_TIMEOUT', timeout) * 1000 } : {}),
        ...(externalName ? { externalName } : {}),
        logLevel: global.logLevel ?? io.env.BULWARK_LOG_LEVEL ?? 'info',
        version: TOOL_VERSION,
      })
      if (server.generatedAdminToken) {
        io.stdout.write(`admin token (shown once, store it now): ${server.generatedAdminToken}\n`)
      }
      const address = await server.start()
      io.stderr.write(`bulwark serve: listening on ${address}\n`)
      await untilSignal()
      await server.stop()
    })
}
