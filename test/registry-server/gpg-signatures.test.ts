import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, writeOciLayout } from '../images.js'
import { hasTool } from '../registry.js'
import { TOKENS, startTestRegistry } from './harness.js'
import type { TestRegistry } from './harness.js'
import { call } from './http.js'

const run = promisify(execFile)
const ready = hasTool('skopeo') && hasTool('gpg')

// containers/image stores GPG simple signatures through the registry's extension API when the
// registry answers `X-Registry-Supports-Signatures: 1` (no lookaside configured here).
describe.runIf(ready)('GPG simple signing through the signature extension, with real skopeo', () => {
  let reg: TestRegistry
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-reg-gpg-'))
  const gnupg = join(dir, 'gnupg')
  const registriesD = join(dir, 'registries.d')
  let fpr = ''
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, GNUPGHOME: gnupg })
  const skopeo = (args: string[]): Promise<{ stdout: string }> => run('skopeo', ['--registries.d', registriesD, ...args], { env: env() })
  const policy = (keyFile: string): string => {
    const file = join(dir, `policy-${keyFile}.json`)
    writeFileSync(file, JSON.stringify({ default: [{ type: 'reject' }], transports: { docker: { [reg.host]: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: join(dir, keyFile) }] }, oci: { '': [{ type: 'insecureAcceptAnything' }] } } }))
    return file
  }

  beforeAll(async () => {
    reg = await startTestRegistry()
    mkdirSync(gnupg, { mode: 0o700 })
    mkdirSync(registriesD)
    const gen = (uid: string): Promise<unknown> => run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', uid, 'default', 'default', 'never'], { env: env() })
    await gen('Signer <signer@bulwark.invalid>')
    await gen('Other <other@bulwark.invalid>')
    // Each key's primary fingerprint, looked up by its own user id (not by keyring order).
    const primary = async (uid: string): Promise<string> => {
      const { stdout } = await run('gpg', ['--with-colons', '--list-keys', uid], { env: env() })
      const m = /^pub:.*\n^fpr:+([0-9A-F]{40}):/m.exec(stdout)
      if (!m?.[1]) throw new Error(`no primary key for ${uid}`)
      return m[1]
    }
    fpr = await primary('signer@bulwark.invalid')
    const other = await primary('other@bulwark.invalid')
    expect(other).not.toBe(fpr)
    await run('sh', ['-c', `gpg --export ${fpr} > ${join(dir, 'signer.gpg')} && gpg --export ${other} > ${join(dir, 'other.gpg')}`], { env: env() })
  }, 120_000)
  afterAll(async () => {
    await reg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('skopeo --sign-by stores the signature in the registry; a signedBy policy accepts it and refuses another key', async () => {
    const img = await buildImage({ layers: [{ files: { 'etc/seed': 'gpg-signed' } }] })
    writeOciLayout(join(dir, 'src'), [{ image: img, tag: 'x' }])
    await skopeo(['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', `u:${TOKENS.developer}`, '--sign-by', fpr, `oci:${join(dir, 'src')}:x`, `docker://${reg.host}/gpg/app:v1`])
    const digest = (await reg.store.registry.resolveTag('gpg/app', 'v1'))!

    const stored = JSON.parse((await call(reg.url, 'GET', `/extensions/v2/gpg/app/signatures/${digest}`, { role: 'viewer' })).text) as { signatures: { type: string; name: string }[] }
    await skopeo(['--policy', policy('signer.gpg'), 'copy', '--quiet', '--remove-signatures', '--src-tls-verify=false', '--src-creds', `u:${TOKENS.viewer}`, `docker://${reg.host}/gpg/app:v1`, `oci:${join(dir, 'ok')}:x`])
    const refused = skopeo(['--policy', policy('other.gpg'), 'copy', '--quiet', '--remove-signatures', '--src-tls-verify=false', '--src-creds', `u:${TOKENS.viewer}`, `docker://${reg.host}/gpg/app:v1`, `oci:${join(dir, 'no')}:x`])

    expect(stored.signatures).toHaveLength(1)
    expect(stored.signatures[0]).toMatchObject({ type: 'atomic' })
    expect(stored.signatures[0]!.name.startsWith(`${digest}@`)).toBe(true)
    await expect(refused).rejects.toThrow(/signature|not signed|rejected/i)
  })
})
