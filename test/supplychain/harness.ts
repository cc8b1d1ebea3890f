/** Runs the supply-chain commands in-process through the real CLI, with captured output. */
import { bulwarkIn, type CliResult } from '../cli.js'

export type ScResult = CliResult

/** `bulwark keygen|sign|verify|attest|verify-attestation ARGS` with env `env` only (no process.env). */
export async function sc(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScResult> {
  return bulwarkIn(env, args)
}
