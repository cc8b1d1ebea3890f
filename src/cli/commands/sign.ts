import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import type { ClientOptions } from '../../supplychain/index.js'
import type { CliIo } from '../io.js'
import { TOOL_VERSION } from '../version.js'
import { readPassword } from './keygen.js'

/** Registry flags shared by sign, verify and attest. */
export interface RegistryFlags {
  readonly insecure?: boolean
  readonly username?: string
  readonly password?: string
  readonly authfile?: string
}

/** Adds the registry access flags to a command. */
export function withRegistryFlags(cmd: Command): Command {
  return cmd
    .option('--insecure', 'allow plain HTTP and unverified TLS to registries')
    .option('--username <user>', 'registry user name')
    .option('--password <password>', 'registry password or token')
    .option('--authfile <file>', "Docker config.json or containers' auth.json with credentials")
}

/** Client options from flags. */
export function clientOptions(io: CliIo, f: RegistryFlags): ClientOptions {
  return {
    env: io.env,
    ...(f.insecure ? { insecure: true } : {}),
    ...(f.username ? { username: f.username } : {}),
    ...(f.password ? { password: f.password } : {}),
    ...(f.authfile ? { authFile: f.authfile } : {}),
  }
}

/** Reads a file named by a flag; a missing file is a usage error. */
export async function readInput(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    throw new UserError('ARG_INVALID', `${flag} ${file}: ${(err as Error).message}`, { cause: err })
  }
}

/** Parses repeated `-a key=value` flags. */
function annotations(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const a of list) {
    const eq = a.indexOf('=')
    if (eq <= 0) throw new UserError('ARG_INVALID', `--annotation ${a}: expected KEY=VALUE`)
    out[a.slice(0, eq)] = a.slice(eq + 1)
  }
  return out
}

interface SignFlags extends RegistryFlags {
  readonly key?: string
  readonly gpgKey?: string
  readonly annotation: string[]
  readonly lookaside?: string
}

/** `bulwark sign IMAGE --key KEY | --gpg-key FILE`: cosign or containers' GPG signatures. */
export function registerSign(program: Command, io: CliIo): void {
  withRegistryFlags(
    program
      .command('sign')
      .description("sign an image in its registry (cosign layout, or containers' GPG simple signing)")
      .argument('<image>', 'registry reference HOST/REPO[:TAG|@DIGEST]')
      .option('--key <file>', 'cosign private key (encrypted PEM)')
      .option('--gpg-key <file>', 'armored OpenPGP secret key (containers simple signing)')
      .option('-a, --annotation <key=value>', 'optional annotation in the payload (cosign)', (v: string, p: string[]) => [...p, v], [])
      .option('--lookaside <dir>', 'GPG: write signatures to this lookaside folder'),
  ).action(async (image: string, f: SignFlags) => {
    if ((f.key === undefined) === (f.gpgKey === undefined)) throw new UserError('ARG_INVALID', 'give exactly one of --key or --gpg-key')
    const sc = await import('../../supplychain/index.js')
    const ref = sc.parseSignableReference(image)
    const text = await readInput(f.key ?? f.gpgKey ?? '', f.key ? '--key' : '--gpg-key')
    const key = f.key
      ? { kind: 'cosign' as const, key: await sc.decryptPrivateKey(text, await readPassword(io, 'Enter password for private key: ')) }
      : { kind: 'gpg' as const, key: await sc.readGpgSecretKey(text, io.env.BULWARK_PASSWORD) }
    const client = await sc.createClientFor(ref, clientOptions(io, f))
    try {
      const r = await sc.signImage({
        client,
        reference: ref,
        key,
        annotations: annotations(f.annotation),
        creator: `bulwark ${TOOL_VERSION}`,
        ...(f.lookaside ? { lookaside: f.lookaside } : {}),
      })
      io.stderr.write(`Signed ${ref.registry}/${ref.repository}@${r.digest} (${r.scheme}, ${r.signer}); stored at ${r.storedAt}\n`)
    } finally {
      await client.close()
    }
  })
}
