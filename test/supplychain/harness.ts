/**
 * Runs the supply-chain commands in-process exactly as main.ts will once the lead wires them:
 * the same register functions, exit-code mapping and error text, with captured output.
 */
import { Writable } from 'node:stream'
import { Command, CommanderError } from 'commander'
import { SETTINGS } from '../../src/app/index.js'
import { registerAttest } from '../../src/cli/commands/attest.js'
import { registerKeygen } from '../../src/cli/commands/keygen.js'
import { registerSign } from '../../src/cli/commands/sign.js'
import { registerVerify } from '../../src/cli/commands/verify.js'
import { describeError, exitCodeFor } from '../../src/cli/exit-codes.js'
import type { CliIo } from '../../src/cli/io.js'

export interface ScResult {
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

/** `bulwark keygen|sign|verify|attest|verify-attestation ARGS` with env `env` only (no process.env). */
export async function sc(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScResult> {
  const out = sink()
  const err = sink()
  const io: CliIo = { stdout: out.stream, stderr: err.stream, env }
  const program = new Command('bulwark').exitOverride().configureOutput({ writeOut: (s) => void out.stream.write(s), writeErr: (s) => void err.stream.write(s) })
  for (const s of Object.values(SETTINGS)) program.option(s.flag, s.doc)
  registerKeygen(program, io)
  registerSign(program, io)
  registerVerify(program, io)
  registerAttest(program, io)
  for (const c of program.commands) c.exitOverride()
  let code = 0
  try {
    await program.parseAsync(args as string[], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2
    else {
      err.stream.write(`${describeError(e)}\n`)
      code = exitCodeFor(e)
    }
  }
  return { code, stdout: out.text(), stderr: err.text() }
}
