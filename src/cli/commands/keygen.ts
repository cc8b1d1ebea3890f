import { access, writeFile } from 'node:fs/promises'
import { Writable } from 'node:stream'
import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import type { CliIo } from '../io.js'

/**
 * The key passphrase: BULWARK_PASSWORD when set (even empty), else a prompt on a terminal;
 * unset without a terminal is a usage error (exit 2) rather than a hang.
 */
export async function readPassword(io: CliIo, prompt: string): Promise<string> {
  const env = io.env.BULWARK_PASSWORD
  if (env !== undefined) return env
  if (process.stdin.isTTY !== true || io.stderr.isTTY !== true) {
    throw new UserError('ARG_INVALID', 'no key password: set BULWARK_PASSWORD (it may be empty) or run on a terminal')
  }
  io.stderr.write(prompt)
  const muted = new Writable({ write: (_c, _e, cb) => cb() })
  const { createInterface } = await import('node:readline') // only when a prompt is needed
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true })
  const answer = await new Promise<string>((resolve) => rl.question('', resolve))
  rl.close()
  io.stderr.write('\n')
  return answer
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false)
}

/** `bulwark keygen`: an ECDSA P-256 key pair, the private key in cosign's encrypted format. */
export function registerKeygen(program: Command, io: CliIo): void {
  program
    .command('keygen')
    .description('generate a signing key pair (cosign-compatible PREFIX.key and PREFIX.pub)')
    .option('--output-prefix <path>', 'write PATH.key and PATH.pub', 'bulwark')
    .action(async (flags: { outputPrefix: string }) => {
      const keyFile = `${flags.outputPrefix}.key`
      const pubFile = `${flags.outputPrefix}.pub`
      for (const f of [keyFile, pubFile]) {
        if (await exists(f)) throw new UserError('ARG_INVALID', `${f} exists: refusing to overwrite a key`)
      }
      const password = await readPassword(io, 'Enter password for private key: ')
      const { generateKeys } = await import('../../supplychain/index.js')
      const keys = await generateKeys(password)
      try {
        await writeFile(keyFile, keys.privatePem, { mode: 0o600, flag: 'wx' })
        await writeFile(pubFile, keys.publicPem, { flag: 'wx' })
      } catch (err) {
        throw new UserError('ARG_INVALID', `writing keys: ${(err as Error).message}`, { cause: err })
      }
      io.stderr.write(`Private key written to ${keyFile}\nPublic key written to ${pubFile}\n`)
    })
}
