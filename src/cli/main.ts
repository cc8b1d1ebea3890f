import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError } from 'commander'
import { SETTINGS } from '../app/cli/index.js'
import { registerAttest } from './commands/attest.js'
import { registerCluster } from './commands/cluster.js'
import { registerConfig } from './commands/config.js'
import { registerDb } from './commands/db.js'
import { registerImage } from './commands/image.js'
import { registerKeygen } from './commands/keygen.js'
import { registerRbac } from './commands/rbac.js'
import { registerSbom } from './commands/sbom.js'
import { registerSbomScan } from './commands/sbom-scan.js'
import { registerServe } from './commands/serve.js'
import { registerSign } from './commands/sign.js'
import { registerVerify } from './commands/verify.js'
import { describeError, exitCodeFor } from './exit-codes.js'
import type { CliIo } from './io.js'
import { TOOL_VERSION } from './version.js'

type Register = (program: Command, io: CliIo) => void

/** Each verb's register call, under the command names it registers. */
const VERBS: readonly (readonly [readonly string[], Register])[] = [
  [['sbom'], registerSbom],
  [['image'], registerImage],
  [['sbom-scan'], registerSbomScan],
  [['db'], registerDb],
  [['config'], registerConfig],
  [['cluster'], registerCluster],
  [['rbac'], registerRbac],
  [['keygen'], registerKeygen],
  [['sign'], registerSign],
  [['verify'], registerVerify],
  [['attest', 'verify-attestation'], registerAttest],
  [['serve'], registerServe],
]

/**
 * The command an argument list runs: its first argument that is neither a global option nor a
 * global option's value. Undefined when that is not a known command (help, a typo, nothing) or
 * when the program's help is asked for before it.
 */
export function invokedVerb(argv: readonly string[]): Register | undefined {
  const valued = new Set(Object.values(SETTINGS).map((s) => s.flag.split(' ')[0]))
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '-h' || a === '--help') return undefined // the program's help lists every verb
    if (valued.has(a)) i++
    else if (!a.startsWith('-')) return VERBS.find(([names]) => names.includes(a))?.[1]
  }
  return undefined
}

/**
 * Builds the program: global settings from the config table, one register call per verb. With
 * `argv`, only the verb it runs is registered when it names one (help and errors list them all).
 */
export function buildProgram(io: CliIo, argv?: readonly string[]): Command {
  const program = new Command('bulwark')
    .description('Bulwark: security for container applications from supply chain to runtime')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
  for (const s of Object.values(SETTINGS)) program.option(s.flag, `${s.doc} (env ${s.env})`)
  const only = argv ? invokedVerb(argv) : undefined
  for (const [, register] of VERBS) if (!only || register === only) register(program, io)
  const override = (c: Command): void => {
    c.exitOverride()
    c.commands.forEach(override)
  }
  override(program)
  return program
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io, argv)
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit through here with code 0; parse errors were printed by commander.
      return err.exitCode === 0 ? 0 : 2
    }
    io.stderr.write(`${describeError(err)}\n`)
    return exitCodeFor(err)
  }
}

function isMain(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    // argv[1] may not be a file (e.g. node -e): then this module is not the entry point.
    return false
  }
}

if (isMain()) {
  void run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code
  })
}
