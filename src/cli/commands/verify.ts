import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import { GateFailed } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { clientOptions, readInput, withRegistryFlags } from './sign.js'
import type { RegistryFlags } from './sign.js'

interface VerifyFlags extends RegistryFlags {
  readonly key: string[]
  readonly lookaside?: string
  readonly identity?: string
}

/** `bulwark verify IMAGE --key PUB`: checks every signature; exit 1 with a reason when none is valid. */
export function registerVerify(program: Command, io: CliIo): void {
  withRegistryFlags(
    program
      .command('verify')
      .description('verify the signatures of an image (cosign PEM or OpenPGP public keys)')
      .argument('<image>', 'registry reference HOST/REPO[:TAG|@DIGEST]')
      .option('--key <file>', 'trusted public key: PEM or armored PGP (repeatable)', (v: string, p: string[]) => [...p, v], [])
      .option('--lookaside <dir|url>', 'GPG: read signatures from this lookaside folder or URL')
      .option('--identity <repository>', 'the repository the signatures must name, when not the one IMAGE is read from (a mirror or a copy: HOST/REPO)'),
  ).action(async (image: string, f: VerifyFlags) => {
    if (f.key.length === 0) throw new UserError('ARG_INVALID', 'give at least one --key')
    const sc = await import('../../supplychain/index.js')
    const ref = sc.parseSignableReference(image)
    // a repository: a tag or digest (after the host's own `:port`) has no place in it
    if (f.identity !== undefined && (f.identity.includes('@') || /:[^/]*$/.test(f.identity.slice(f.identity.indexOf('/') + 1)) || !f.identity.includes('/'))) {
      throw new UserError('ARG_INVALID', `--identity: "${f.identity}" is not a repository; give HOST/REPO, without tag or digest`)
    }
    const identity = f.identity === undefined ? undefined : sc.parseSignableReference(f.identity)
    const sets = await Promise.all(f.key.map(async (k) => sc.parseTrustedKeys(await readInput(k, '--key'))))
    const client = await sc.createClientFor(ref, clientOptions(io, f))
    try {
      const out = await sc.verifyImage({
        client, reference: ref, keys: sc.mergeTrustedKeys(...sets),
        ...(f.lookaside ? { lookaside: f.lookaside } : {}),
        ...(identity ? { identity: sc.identityOf(identity) } : {}),
      })
      if (out.failure !== undefined) throw new GateFailed('VERIFY_FAILED', out.failure)
      io.stderr.write(`Verification for ${out.reference} (${out.digest}) --\n`)
      io.stderr.write(`${out.verified.length} of ${out.checks.length} signature(s) verified; found in ${[...new Set(out.layouts)].join(', ')}\n`)
      const payloads = out.verified.map((c) => ({ ...c.payload, layout: c.layout, key: c.keyId }))
      io.stdout.write(`${JSON.stringify(payloads)}\n`)
    } finally {
      await client.close()
    }
  })
}
