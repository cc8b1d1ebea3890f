import { Writable } from 'node:stream'
import { run } from '../src/cli/main.js'

/** What one in-process CLI run printed and returned. */
export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk))
      cb()
    },
  })
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

/** Runs `bulwark ARGS` in this process with exactly `env` as its environment, output captured. */
export async function bulwarkIn(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<CliResult> {
  const out = sink()
  const err = sink()
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env })
  return { code, stdout: out.text(), stderr: err.text() }
}

/** Runs `bulwark ARGS` in this process with captured output (no terminal, so no color or progress). */
export async function bulwark(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return bulwarkIn({ ...process.env, ...env }, args)
}
