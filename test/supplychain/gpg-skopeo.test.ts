import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKey } from 'openpgp'
import { RegistryClient } from '../../src/oci/index.js'
import { lookasidePath } from '../../src/supplychain/index.js'
import { buildImage, writeOciLayout } from '../images.js'
import { hasTool, startRegistry } from '../registry.js'
import type { RunningRegistry } from '../registry.js'
import { pushImage, tempDir } from './fixtures.js'
import { sc } from './harness.js'
import { startLyingRegistry } from './lying-registry.js'
import type { LyingRegistry } from './lying-registry.js'

const run = promisify(execFile)
const ready = hasTool('docker-registry') && hasTool('skopeo') && hasTool('gpg')

describe.runIf(ready)("containers' GPG simple signing with real skopeo and gpg", () => {
  let reg: RunningRegistry
  const dir = tempDir('gpg')
  const gnupg = join(dir, 'gnupg')
  const lookaside = join(dir, 'lookaside')
  const registriesD = join(dir, 'registries.d')
  let fpr = ''
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, GNUPGHOME: gnupg })
  const skopeo = (args: string[]): Promise<{ stdout: string }> => run('skopeo', ['--registries.d', registriesD, ...args], { env: env() })

  beforeAll(async () => {
    reg = await startRegistry()
    mkdirSync(gnupg, { mode: 0o700 })
    mkdirSync(registriesD)
    writeFileSync(join(registriesD, 'bulwark.yaml'), `docker:\n  ${reg.host}:\n    lookaside: file://${lookaside}\n    lookaside-staging: file://${lookaside}\n`)
    await run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Bulwark Test <test@bulwark.invalid>', 'default', 'default', 'never'], { env: env() })
    const { stdout } = await run('gpg', ['--with-colons', '--list-keys'], { env: env() })
    fpr = /^fpr:+([0-9A-F]{40}):/m.exec(stdout)?.[1] ?? ''
    await run('sh', ['-c', `gpg --armor --export ${fpr} > ${join(dir, 'pub.asc')} && gpg --export ${fpr} > ${join(dir, 'pub.gpg')} && gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys ${fpr} > ${join(dir, 'sec.asc')}`], { env: env() })
  }, 120_000)

  afterAll(async () => {
    await reg?.stop()
  })

  it('verifies a signature skopeo copy --sign-by wrote to the lookaside', async () => {
    const img = await buildImage({ layers: [{ files: { 'etc/seed': 'skopeo-signed' } }] })
    writeOciLayout(join(dir, 'l1'), [{ image: img, tag: 'x' }])
    await skopeo(['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', '--sign-by', fpr, `oci:${join(dir, 'l1')}:x`, `docker://${reg.host}/gpg/app:v1`])

    const ok = await sc(['verify', `${reg.host}/gpg/app:v1`, '--key', join(dir, 'pub.asc'), '--lookaside', lookaside, '--insecure'])
    const noLookaside = await sc(['verify', `${reg.host}/gpg/app:v1`, '--key', join(dir, 'pub.asc'), '--insecure'])

    expect(ok.stderr).toContain('1 of 1 signature(s) verified')
    expect(ok.code).toBe(0)
    const [p] = JSON.parse(ok.stdout) as { critical: { type: string; identity: Record<string, string> }; key: string }[]
    expect(p?.critical.type).toBe('atomic container signature')
    expect(p?.critical.identity['docker-reference']).toBe(`${reg.host}/gpg/app:v1`)
    expect(p?.key).toBe(fpr)
    expect(noLookaside.code).toBe(1)
    expect(noLookaside.stderr).toContain('no signatures found')
  }, 60_000)

  it('signs with --gpg-key so that skopeo under a signedBy policy accepts it, and rejects unsigned and re-tagged images', async () => {
    const d = await pushImage(reg, dir, 'gpg/other:v1', 'bulwark-signed')
    await pushImage(reg, dir, 'gpg/unsigned:v1', 'unsigned')
    const policy = join(dir, 'policy.json')
    writeFileSync(policy, JSON.stringify({ default: [{ type: 'reject' }], transports: { docker: { [reg.host]: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: join(dir, 'pub.gpg') }] }, oci: { '': [{ type: 'insecureAcceptAnything' }] } } }))
    const pull = (ref: string, to: string): Promise<{ stdout: string }> => skopeo(['--policy', policy, 'copy', '--quiet', '--remove-signatures', '--src-tls-verify=false', `docker://${reg.host}/${ref}`, `oci:${join(dir, to)}:x`])

    const s = await sc(['sign', `${reg.host}/gpg/other:v1`, '--gpg-key', join(dir, 'sec.asc'), '--lookaside', lookaside, '--insecure'], {})
    const client = new RegistryClient({ registry: reg.host, insecure: true })
    const m = await client.getManifest('gpg/other', d)
    await client.putManifest('gpg/other', 'v2', m.bytes, m.mediaType ?? 'application/vnd.oci.image.manifest.v1+json')
    await client.close()

    expect(s.code).toBe(0)
    await expect(pull('gpg/other:v1', 'pulled')).resolves.toBeDefined()
    await expect(pull('gpg/unsigned:v1', 'pulled-unsigned')).rejects.toThrow('A signature was required, but no signature exists')
    await expect(pull('gpg/other:v2', 'pulled-retagged')).rejects.toThrow(`Signature for identity ${reg.host}/gpg/other:v1 is not accepted`)
    const v = await sc(['verify', `${reg.host}/gpg/other:v2`, '--key', join(dir, 'pub.asc'), '--lookaside', lookaside, '--insecure'])
    expect(v.code).toBe(1)
    expect(v.stderr).toContain(`the signature is for tag ${reg.host}/gpg/other:v1, not ${reg.host}/gpg/other:v2 (re-tagged image)`)
  }, 90_000)

  it('reads lookaside signatures over http:// (a web server in front of the folder)', async () => {
    const server = createServer((req, res) => {
      const file = join(lookaside, decodeURIComponent((req.url ?? '/').slice(1)))
      if (!file.startsWith(lookaside) || !existsSync(file)) return void res.writeHead(404).end()
      res.writeHead(200).end(readFileSync(file))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo

    const ok = await sc(['verify', `${reg.host}/gpg/app:v1`, '--key', join(dir, 'pub.asc'), '--lookaside', `http://127.0.0.1:${port}`, '--insecure'])
    await new Promise((r) => server.close(r))

    expect(ok.code).toBe(0)
    expect((JSON.parse(ok.stdout) as { layout: string }[])[0]?.layout).toBe('lookaside')
  })

  it.each([
    { name: 'an untrusted OpenPGP key', trunc: false, want: 'the OpenPGP signature was not made by a trusted key' },
    { name: 'a truncated signature', trunc: true, want: 'truncated or malformed' },
  ])('fails (exit 1) on a skopeo signature checked with $name', async ({ trunc, want }) => {
    const other = await generateKey({ userIDs: [{ name: 'Other', email: 'other@bulwark.invalid' }], format: 'armored' })
    writeFileSync(join(dir, 'other.asc'), other.publicKey)
    const d = (await sc(['verify', `${reg.host}/gpg/app:v1`, '--key', join(dir, 'pub.asc'), '--lookaside', lookaside, '--insecure'])).stderr.match(/sha256:[a-f0-9]{64}/)?.[0] ?? ''
    const bad = join(dir, `bad-${String(trunc)}`)
    const sig = readFileSync(join(lookaside, lookasidePath('gpg/app', d, 1)))
    mkdirSync(join(bad, lookasidePath('gpg/app', d, 1), '..'), { recursive: true })
    writeFileSync(join(bad, lookasidePath('gpg/app', d, 1)), trunc ? sig.subarray(0, sig.length - 40) : sig)

    const r = await sc(['verify', `${reg.host}/gpg/app:v1`, '--key', join(dir, trunc ? 'pub.asc' : 'other.asc'), '--lookaside', bad, '--insecure'])

    expect(r.code).toBe(1)
    expect(r.stderr).toContain(want)
  })

  it('skopeo standalone-verify accepts the signature bulwark wrote', async () => {
    const d = await pushImage(reg, dir, 'gpg/standalone:v1', 'standalone')
    await sc(['sign', `${reg.host}/gpg/standalone:v1`, '--gpg-key', join(dir, 'sec.asc'), '--lookaside', lookaside, '--insecure'], {})
    const client = new RegistryClient({ registry: reg.host, insecure: true })
    writeFileSync(join(dir, 'standalone.manifest'), (await client.getManifest('gpg/standalone', d)).bytes)
    await client.close()

    const { stdout } = await skopeo(['standalone-verify', join(dir, 'standalone.manifest'), `${reg.host}/gpg/standalone:v1`, fpr, join(lookaside, `gpg/standalone@${d.replace(':', '=')}`, 'signature-1')])

    expect(stdout).toContain(`Signature verified`)
  }, 60_000)
})

describe.runIf(ready)('GPG signatures through the signature extension API (X-Registry-Supports-Signatures)', () => {
  let reg: RunningRegistry
  let front: LyingRegistry
  const dir = tempDir('gpg-ext')
  const gnupg = join(dir, 'gnupg')
  let fpr = ''
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, GNUPGHOME: gnupg })
  const skopeo = (args: string[]): Promise<{ stdout: string }> => run('skopeo', ['--registries.d', join(dir, 'empty.d'), ...args], { env: env() })

  beforeAll(async () => {
    reg = await startRegistry()
    front = await startLyingRegistry(reg.url, { signatures: true })
    mkdirSync(gnupg, { mode: 0o700 })
    mkdirSync(join(dir, 'empty.d'))
    await run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Bulwark Ext <ext@bulwark.invalid>', 'default', 'default', 'never'], { env: env() })
    const { stdout } = await run('gpg', ['--with-colons', '--list-keys'], { env: env() })
    fpr = /^fpr:+([0-9A-F]{40}):/m.exec(stdout)?.[1] ?? ''
    await run('sh', ['-c', `gpg --armor --export ${fpr} > ${join(dir, 'pub.asc')} && gpg --export ${fpr} > ${join(dir, 'pub.gpg')} && gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys ${fpr} > ${join(dir, 'sec.asc')}`], { env: env() })
  }, 120_000)

  afterAll(async () => {
    await front?.stop()
    await reg?.stop()
  })

  it('verifies what skopeo copy --sign-by stored through the extension API', async () => {
    const img = await buildImage({ layers: [{ files: { 'etc/seed': 'ext' } }] })
    writeOciLayout(join(dir, 'l'), [{ image: img, tag: 'x' }])
    await skopeo(['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', '--sign-by', fpr, `oci:${join(dir, 'l')}:x`, `docker://${front.host}/ext/app:v1`])

    const r = await sc(['verify', `${front.host}/ext/app:v1`, '--key', join(dir, 'pub.asc'), '--insecure'])

    expect([...front.signatures.keys()]).toHaveLength(1)
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { layout: string }[])[0]?.layout).toBe('extension-api')
  }, 60_000)

  it('signs through the extension API so that skopeo under signedBy accepts the image', async () => {
    await pushImage(reg, dir, 'ext/other:v1', 'ext-other')
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ default: [{ type: 'reject' }], transports: { docker: { [front.host]: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: join(dir, 'pub.gpg') }] }, oci: { '': [{ type: 'insecureAcceptAnything' }] } } }))

    const before = skopeo(['--policy', join(dir, 'policy.json'), 'copy', '--quiet', '--remove-signatures', '--src-tls-verify=false', `docker://${front.host}/ext/other:v1`, `oci:${join(dir, 'o1')}:x`])
    await expect(before).rejects.toThrow('A signature was required, but no signature exists')
    const s = await sc(['sign', `${front.host}/ext/other:v1`, '--gpg-key', join(dir, 'sec.asc'), '--insecure'], {})
    const after = skopeo(['--policy', join(dir, 'policy.json'), 'copy', '--quiet', '--remove-signatures', '--src-tls-verify=false', `docker://${front.host}/ext/other:v1`, `oci:${join(dir, 'o2')}:x`])

    expect(s.code).toBe(0)
    expect(s.stderr).toContain('stored at extension-api')
    await expect(after).resolves.toBeDefined()
  }, 60_000)

  it('refuses a GPG signature with nowhere to go (no lookaside, no extension API)', async () => {
    await pushImage(reg, dir, 'ext/plain:v1', 'plain')

    const r = await sc(['sign', `${reg.host}/ext/plain:v1`, '--gpg-key', join(dir, 'sec.asc'), '--insecure'], {})

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('does not advertise X-Registry-Supports-Signatures')
  })
})
