import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTestImage } from '../fixtures.js'
import type { TestImage } from '../fixtures.js'
import { hasTool } from '../registry.js'
import { TOKENS, startTestRegistry } from './harness.js'
import type { TestRegistry } from './harness.js'

const run = promisify(execFile)
const creds = (role: keyof typeof TOKENS): string => `user:${TOKENS[role]}`

function skopeo(args: string[]): Promise<{ stdout: string }> {
  return run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 64 * 1024 * 1024 })
}

/** Every blob of an OCI layout, digest -> bytes' sha256 file name, plus the tagged manifest digest. */
function layoutBlobs(dir: string): string[] {
  return readdirSync(join(dir, 'blobs', 'sha256')).sort()
}

function layoutManifestDigest(dir: string): string {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] }
  return index.manifests[0]!.digest
}

describe.skipIf(!hasTool('skopeo'))('registry with skopeo (real client)', () => {
  let reg: TestRegistry
  let image: TestImage
  const work = mkdtempSync(join(tmpdir(), 'bulwark-reg-skopeo-'))

  beforeAll(async () => {
    image = await ensureTestImage()
    reg = await startTestRegistry()
  })
  afterAll(async () => {
    await reg?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('pushes the test image, reports it for scanning, and pulls it back bit-identical', async () => {
    await skopeo(['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds('developer'), image.ociRef, `docker://${reg.host}/library/debian:test`])

    const out = join(work, 'pulled')
    await skopeo(['copy', '--quiet', '--src-tls-verify=false', '--src-creds', creds('viewer'), `docker://${reg.host}/library/debian:test`, `oci:${out}:test`])

    expect(layoutBlobs(out)).toEqual(layoutBlobs(image.ociDir))
    for (const blob of layoutBlobs(out)) {
      expect(readFileSync(join(out, 'blobs', 'sha256', blob)).equals(readFileSync(join(image.ociDir, 'blobs', 'sha256', blob)))).toBe(true)
    }
    const digest = layoutManifestDigest(out)
    expect(digest).toBe(layoutManifestDigest(image.ociDir))
    expect(reg.pushed).toEqual([{ repository: 'library/debian', digest, tag: 'test' }])
  })

  it('inspects: digest, layers and raw manifest match the source', async () => {
    const { stdout } = await skopeo(['inspect', '--tls-verify=false', '--creds', creds('viewer'), `docker://${reg.host}/library/debian:test`])
    const info = JSON.parse(stdout) as { Digest: string; Layers: string[] }
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', '--creds', creds('viewer'), `docker://${reg.host}/library/debian:test`])
    const manifest = JSON.parse(raw.stdout) as { layers: { digest: string }[] }

    expect(info.Digest).toBe(layoutManifestDigest(image.ociDir))
    expect(info.Layers).toEqual(manifest.layers.map((l) => l.digest))
    expect(raw.stdout).toBe(readFileSync(join(image.ociDir, 'blobs', 'sha256', info.Digest.slice(7)), 'utf8'))
  })

  it('re-pushes under a second tag (blobs already present) and lists tags', async () => {
    await skopeo(['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds('admin'), image.ociRef, `docker://${reg.host}/library/debian:v2`])

    const { stdout } = await skopeo(['list-tags', '--tls-verify=false', '--creds', creds('viewer'), `docker://${reg.host}/library/debian`])

    expect(JSON.parse(stdout)).toEqual({ Repository: `${reg.host}/library/debian`, Tags: ['test', 'v2'] })
  })

  it.each([
    { name: 'a viewer cannot push', args: ['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds('viewer')], want: /denied|403|unauthorized/i },
    { name: 'a wrong token cannot push', args: ['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', 'user:wrong'], want: /unauthorized|401|authentication required/i },
  ])('$name', async ({ args, want }) => {
    const p = skopeo([...args, image.ociRef, `docker://${reg.host}/denied/repo:x`])

    await expect(p).rejects.toThrow(want)
    expect((await reg.store.registry.listRepositories()).includes('denied/repo')).toBe(false)
  })

  it('refuses anonymous pulls', async () => {
    await expect(skopeo(['inspect', '--tls-verify=false', '--no-creds', `docker://${reg.host}/library/debian:test`])).rejects.toThrow(/unauthorized|authentication required/i)
  })

  it('deletes with skopeo delete: the manifest and both tags are gone', async () => {
    await expect(skopeo(['delete', '--tls-verify=false', '--creds', creds('viewer'), `docker://${reg.host}/library/debian:v2`])).rejects.toThrow(/denied|403/i)

    await skopeo(['delete', '--tls-verify=false', '--creds', creds('developer'), `docker://${reg.host}/library/debian:v2`])

    await expect(skopeo(['inspect', '--tls-verify=false', '--creds', creds('viewer'), `docker://${reg.host}/library/debian:test`])).rejects.toThrow(/manifest unknown|not found/i)
    expect(await reg.store.registry.listTags('library/debian')).toEqual([])
  })
})
