import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import { GateFailed } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { contextFor, openOptions } from '../image-options.js'
import { TOOL_VERSION } from '../version.js'
import { readPassword } from './keygen.js'
import { clientOptions, readInput, withRegistryFlags } from './sign.js'
import type { RegistryFlags } from './sign.js'

interface AttestFlags extends RegistryFlags {
  readonly key: string
  readonly predicate?: string
  readonly type?: string
  readonly sbom?: boolean
  readonly scan?: boolean
}

/** The predicate and its type from --predicate FILE/--type, --sbom or --scan. */
async function predicateOf(image: string, f: AttestFlags, io: CliIo, cmd: Command): Promise<{ type: string; predicate: unknown }> {
  const chosen = [f.predicate !== undefined, f.sbom === true, f.scan === true].filter(Boolean).length
  if (chosen !== 1) throw new UserError('ARG_INVALID', 'give exactly one of --predicate FILE, --sbom or --scan')
  const sc = await import('../../supplychain/index.js')
  if (f.predicate !== undefined) {
    const text = await readInput(f.predicate, '--predicate')
    try {
      return { type: f.type ?? 'https://cosign.sigstore.dev/attestation/v1', predicate: JSON.parse(text) as unknown }
    } catch (err) {
      throw new UserError('INPUT_INVALID', `--predicate ${f.predicate}: not JSON`, { cause: err })
    }
  }
  const ctx = contextFor(cmd, io, { ...f, quiet: true })
  const { analyzers } = await import('../../inventory/index.js')
  const { scanImage } = await import('../../scan/index.js')
  const { render } = await import('../../report/index.js')
  const started = new Date().toISOString()
  const { report } = await scanImage({ reference: image, open: openOptions(ctx, f), analyzers, log: ctx.log, toolVersion: TOOL_VERSION })
  if (f.sbom) return { type: sc.PREDICATE_TYPES.cyclonedx, predicate: JSON.parse(render(report, 'cyclonedx')) as unknown }
  const scanner = { uri: 'https://github.com/bulwark-security/bulwark', version: TOOL_VERSION, result: JSON.parse(render(report, 'json')) as unknown }
  return { type: sc.PREDICATE_TYPES.vuln, predicate: { invocation: { parameters: [], uri: '', event_id: '', 'builder.id': '' }, scanner, metadata: { scanStartedOn: started, scanFinishedOn: new Date().toISOString() } } }
}

/** `bulwark attest` and `bulwark verify-attestation`: in-toto statements in DSSE, cosign `.att` layout. */
export function registerAttest(program: Command, io: CliIo): void {
  withRegistryFlags(
    program
      .command('attest')
      .description('attach a signed in-toto attestation (SBOM, scan or any predicate) to an image')
      .argument('<image>', 'registry reference HOST/REPO[:TAG|@DIGEST]')
      .requiredOption('--key <file>', 'cosign private key (encrypted PEM)')
      .option('--predicate <file>', 'predicate JSON file')
      .option('--type <uri>', 'predicate type of --predicate')
      .option('--sbom', 'attest a CycloneDX SBOM of the image')
      .option('--scan', 'attest a vulnerability scan of the image'),
  ).action(async (image: string, f: AttestFlags, cmd: Command) => {
    const sc = await import('../../supplychain/index.js')
    const ref = sc.parseSignableReference(image)
    const text = await readInput(f.key, '--key')
    const key = await sc.decryptPrivateKey(text, await readPassword(io, 'Enter password for private key: '))
    const { type, predicate } = await predicateOf(image, f, io, cmd)
    const client = await sc.createClientFor(ref, clientOptions(io, f))
    try {
      const r = await sc.attestImage({ client, reference: ref, key, predicateType: type, predicate })
      io.stderr.write(`Attested ${ref.registry}/${ref.repository}@${r.digest} (${type}); stored at ${r.tag}\n`)
    } finally {
      await client.close()
    }
  })
  withRegistryFlags(
    program
      .command('verify-attestation')
      .description('verify the attestations of an image and print their statements')
      .argument('<image>', 'registry reference HOST/REPO[:TAG|@DIGEST]')
      .requiredOption('--key <file>', 'trusted PEM public key')
      .option('--type <uri>', 'only accept attestations of this predicate type'),
  ).action(async (image: string, f: { key: string; type?: string } & RegistryFlags) => {
    const sc = await import('../../supplychain/index.js')
    const ref = sc.parseSignableReference(image)
    const keys = await sc.parseTrustedKeys(await readInput(f.key, '--key'))
    if (keys.pem.length === 0) throw new UserError('ARG_INVALID', '--key: attestations are verified with a PEM public key')
    const client = await sc.createClientFor(ref, clientOptions(io, f))
    try {
      const out = await sc.verifyAttestations(client, ref, keys.pem, f.type)
      if (out.failure !== undefined) throw new GateFailed('VERIFY_FAILED', out.failure)
      io.stderr.write(`${out.verified.length} of ${out.checks.length} attestation(s) verified for ${out.digest}\n`)
      for (const c of out.verified) io.stdout.write(`${JSON.stringify(c.statement)}\n`)
    } finally {
      await client.close()
    }
  })
}
