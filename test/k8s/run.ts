import { Writable } from 'node:stream'
import { Command, CommanderError } from 'commander'
import { registerCluster } from '../../src/cli/commands/cluster.js'
import { registerConfig } from '../../src/cli/commands/config.js'
import { registerRbac } from '../../src/cli/commands/rbac.js'
import { describeError, exitCodeFor } from '../../src/cli/exit-codes.js'

/** What one in-process run of the audit commands printed and returned. */
export interface AuditCliResult {
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

/**
 * Runs `bulwark config|cluster|rbac ARGS` in-process the way src/cli/main.ts runs every verb
 * (same register functions, same exit-code mapping), until the lead wires them into main.
 */
export async function auditCli(args: readonly string[]): Promise<AuditCliResult> {
  const out = sink()
  const err = sink()
  const io = { stdout: out.stream, stderr: err.stream, env: {} }
  const program = new Command('bulwark').exitOverride().configureOutput({ writeOut: (s) => void out.stream.write(s), writeErr: (s) => void err.stream.write(s) })
  registerConfig(program, io)
  registerCluster(program, io)
  registerRbac(program, io)
  for (const c of program.commands) {
    c.exitOverride()
    for (const sub of c.commands) sub.exitOverride()
  }
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
