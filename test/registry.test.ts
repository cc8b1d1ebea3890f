import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryClient, openImage } from '../src/oci/index.js'
import type { OpenOptions } from '../src/oci/index.js'
import { ensureTestImage } from './fixtures.js'
import { buildImage, sha256, writeOciLayout } from './images.js'
import type { BuiltImage } from './images.js'
import { hasTool, skopeoPush, startRegistry } from './registry.js'
import type { RunningRegistry } from './registry.js'

const READY = ['docker-registry', 'skopeo', 'htpasswd', 'openssl'].every((t) => hasTool(t))
const LOGIN = { user: 'alice', password: 'correct horse' }
const FAST = { insecure: true, retries: 1, retryBaseMs: 5 }

let dir: string
let amd: BuiltImage
let arm: BuiltImage

async function paths(ref: string, o: OpenOptions): Promise<string[]> {
  const img = await openImage(ref, o)
  const out: string[] = []
  try {
    for (const l of img.metadata.layers)
      await img.walkLayer(l.index, async (e) => {
        out.push(`${e.path}=${(await e.read()).toString()}`)
      })
  } finally {
    await img.close()
  }
  return out
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-registry-test-'))
  amd = await buildImage({
    layers: [{ files: { 'etc/arch': 'amd64' } }, { files: { 'app/run': 'go' } }],
  })
  arm = await buildImage({
    layers: [{ files: { 'etc/arch': 'arm64' } }],
    architecture: 'arm64',
    variant: 'v8',
  })
  writeOciLayout(join(dir, 'single'), [{ image: amd, tag: 'v1' }])
  writeOciLayout(join(dir, 'multi'), [
    {
      platforms: [
        { image: amd, platform: 'linux/amd64' },
        { image: arm, platform: 'linux/arm64/v8' },
      ],
      tag: 'v1',
    },
  ])
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!READY)('docker-registry, anonymous', () => {
  let reg: RunningRegistry
  beforeAll(async () => {
    reg = await startRegistry()
    await skopeoPush(`oci:${join(dir, 'single')}:v1`, reg.host, 'team/app:1')
    await skopeoPush(`oci:${join(dir, 'multi')}:v1`, reg.host, 'team/multi:1', { all: true })
  })
  afterAll(() => reg?.stop())

  it('reads a pushed image by tag, bare reference and by digest, same as the layout', async () => {
    const fromLayout = await paths(`oci:${join(dir, 'single')}:v1`, {})

    const byTag = await paths(`docker://${reg.host}/team/app:1`, FAST)
    const bare = await paths(`${reg.host}/team/app:1`, FAST)
    const byDigest = await paths(`${reg.host}/team/app@${amd.manifestDigest}`, FAST)

    expect(fromLayout).toEqual(['etc/arch=amd64', 'app/run=go'])
    expect([byTag, bare, byDigest]).toEqual([fromLayout, fromLayout, fromLayout])
  })

  it('fills registry metadata', async () => {
    const img = await openImage(`${reg.host}/team/app:1`, FAST)
    await img.close()

    expect(img.metadata).toMatchObject({
      sourceType: 'registry',
      repository: `${reg.host}/team/app`,
      tag: '1',
      manifestDigest: amd.manifestDigest,
      configDigest: amd.configDigest,
      layers: amd.layers.map((l, index) => ({
        index,
        digest: l.digest,
        diffId: l.diffId,
        size: l.size,
      })),
    })
  })

  it('resolves a manifest list by platform, amd64 by default', async () => {
    const def = await openImage(`${reg.host}/team/multi:1`, FAST)
    const armImg = await openImage(`${reg.host}/team/multi:1`, { ...FAST, platform: 'linux/arm64' })
    await def.close()
    await armImg.close()

    expect(def.metadata.manifestDigest).toBe(amd.manifestDigest)
    expect(armImg.metadata.manifestDigest).toBe(arm.manifestDigest)
    expect(armImg.metadata.indexDigest).toMatch(/^sha256:/)
    expect(armImg.metadata.config.architecture).toBe('arm64')
    await expect(
      openImage(`${reg.host}/team/multi:1`, { ...FAST, platform: 'linux/ppc64le' }),
    ).rejects.toMatchObject({
      name: 'ImageError',
      code: 'PLATFORM_NOT_FOUND',
      message: expect.stringMatching(
        /team\/multi:1.*linux\/ppc64le.*linux\/amd64, linux\/arm64\/v8/,
      ),
    })
  })

  it('round-trips the real test image: skopeo pushes it, Bulwark reads the same layers', async () => {
    const fx = await ensureTestImage()
    await skopeoPush(fx.ociRef, reg.host, 'real/debian:test')
    const count = async (
      ref: string,
      o: OpenOptions,
    ): Promise<{ diffIds: string[]; entries: number[]; config?: string }> => {
      const img = await openImage(ref, o)
      try {
        const entries = await Promise.all(
          img.metadata.layers.map(async (l) => (await img.walkLayer(l.index, () => {})).entries),
        )
        return {
          diffIds: img.metadata.layers.map((l) => l.diffId),
          entries,
          ...(img.metadata.configDigest ? { config: img.metadata.configDigest } : {}),
        }
      } finally {
        await img.close()
      }
    }

    const local = await count(fx.ociRef, {})
    const remote = await count(`${reg.host}/real/debian:test`, FAST)

    expect(remote).toEqual(local)
  }, 300_000)

  it('lists the catalog and tags with pagination', async () => {
    const client = new RegistryClient({ registry: reg.host, ...FAST })

    const repos = await client.listRepositories(1)
    const tags = await client.listTags('team/app', 1)
    await client.close()

    expect(repos.filter((r) => r.startsWith('team/'))).toEqual(['team/app', 'team/multi'])
    expect(tags).toEqual(['1'])
  })

  it('reports a missing tag as IMAGE_NOT_FOUND naming the image', async () => {
    await expect(openImage(`${reg.host}/team/app:nope`, FAST)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining('team/app:nope'),
    })
  })

  it('refuses plain HTTP without insecure', async () => {
    await expect(openImage(`${reg.host}/team/app:1`, { retries: 0 })).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_UNAVAILABLE',
    })
  })
})

describe.skipIf(!READY)('docker-registry with htpasswd Basic auth', () => {
  let reg: RunningRegistry
  beforeAll(async () => {
    reg = await startRegistry({ htpasswd: LOGIN })
    await skopeoPush(`oci:${join(dir, 'single')}:v1`, reg.host, 'app:1', { login: LOGIN })
  })
  afterAll(() => reg?.stop())

  it('needs credentials and refuses wrong ones', async () => {
    await expect(openImage(`${reg.host}/app:1`, FAST)).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_AUTH',
    })
    await expect(
      openImage(`${reg.host}/app:1`, { ...FAST, username: LOGIN.user, password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'REGISTRY_AUTH' })
  })

  it('takes credentials from flags, an auth file, DOCKER_CONFIG and REGISTRY_AUTH_FILE', async () => {
    const auth = Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64')
    const home = mkdtempSync(join(dir, 'home-'))
    mkdirSync(join(home, '.docker'))
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [`http://${reg.host}`]: { auth } } }),
    )
    writeFileSync(
      join(home, 'auth.json'),
      JSON.stringify({
        auths: { [`${reg.host}/app`]: { username: LOGIN.user, password: LOGIN.password } },
      }),
    )

    const want = ['etc/arch=amd64', 'app/run=go']
    expect(
      await paths(`${reg.host}/app:1`, { ...FAST, username: LOGIN.user, password: LOGIN.password }),
    ).toEqual(want)
    expect(
      await paths(`${reg.host}/app:1`, { ...FAST, authFile: join(home, '.docker', 'config.json') }),
    ).toEqual(want)
    expect(await paths(`${reg.host}/app:1`, { ...FAST, env: { HOME: home } })).toEqual(want)
    expect(
      await paths(`${reg.host}/app:1`, {
        ...FAST,
        env: { REGISTRY_AUTH_FILE: join(home, 'auth.json') },
      }),
    ).toEqual(want)
  })

  it('takes credentials from a Docker credential helper (credHelpers, credsStore)', async () => {
    const home = mkdtempSync(join(dir, 'helper-home-'))
    const bin = join(home, 'bin')
    mkdirSync(join(home, '.docker'), { recursive: true })
    mkdirSync(bin)
    const creds = JSON.stringify({ ServerURL: reg.host, Username: LOGIN.user, Secret: LOGIN.password })
    writeFileSync(
      join(bin, 'docker-credential-bulwark-test'),
      `#!/bin/sh\nread -r server\n[ "$server" = "${reg.host}" ] && echo '${creds}' && exit 0\necho "credentials not found in native keychain"; exit 1\n`,
      { mode: 0o755 },
    )
    const env = { HOME: home, PATH: `${bin}:/usr/bin:/bin` }
    const want = ['etc/arch=amd64', 'app/run=go']
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ credHelpers: { [reg.host]: 'bulwark-test' } }))
    expect(await paths(`${reg.host}/app:1`, { ...FAST, env })).toEqual(want)
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ credsStore: 'bulwark-test', auths: { [reg.host]: {} } }))
    expect(await paths(`${reg.host}/app:1`, { ...FAST, env })).toEqual(want)
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ credsStore: 'not-installed' }))
    await expect(paths(`${reg.host}/app:1`, { ...FAST, env })).rejects.toThrow(/docker-credential-not-installed is not installed/)
  })

  it('pushes with RegistryClient: blobs, manifest, tags, HEAD, referrers fallback', async () => {
    const client = new RegistryClient({
      registry: reg.host,
      ...FAST,
      credentials: { username: LOGIN.user, password: LOGIN.password },
    })
    for (const [digest, blob] of amd.blobs)
      if (digest !== amd.manifestDigest) await client.uploadBlob('pushed', digest, blob)
    for (const tag of ['b', 'a', 'c'])
      await client.putManifest(
        'pushed',
        tag,
        amd.manifest,
        'application/vnd.oci.image.manifest.v1+json',
      )
    const sig = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: amd.manifestDigest,
            size: amd.manifest.length,
            artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
          },
        ],
      }),
    )
    await client.putManifest(
      'pushed',
      amd.manifestDigest.replace(':', '-'),
      sig,
      'application/vnd.oci.image.index.v1+json',
    )

    const tags = await client.listTags('pushed', 2)
    const head = await client.headManifest('pushed', 'a')
    const blobHead = await client.headBlob('pushed', amd.configDigest)
    const missing = await client.headBlob('pushed', sha256('missing'))
    const refs = await client.referrers('pushed', amd.manifestDigest)
    const none = await client.referrers('pushed', amd.configDigest)
    const deleted = await client.deleteManifest('pushed', amd.manifestDigest.replace(/.$/, '0'))
    const filtered = await client.referrers('pushed', amd.manifestDigest, 'application/other')
    await client.close()

    expect(tags.sort()).toEqual(['a', 'b', 'c', amd.manifestDigest.replace(':', '-')].sort())
    expect(head).toMatchObject({
      digest: amd.manifestDigest,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    })
    expect(blobHead?.size).toBe(amd.config.length)
    expect(missing).toBeUndefined()
    expect(refs.manifests).toHaveLength(1)
    expect(none.manifests).toEqual([])
    expect(deleted).toBe(false)
    expect(filtered.manifests).toEqual([])
    expect(
      await paths(`${reg.host}/pushed:c`, {
        ...FAST,
        username: LOGIN.user,
        password: LOGIN.password,
      }),
    ).toEqual(['etc/arch=amd64', 'app/run=go'])
    const again = new RegistryClient({
      registry: reg.host,
      ...FAST,
      credentials: { username: LOGIN.user, password: LOGIN.password },
    })
    expect(await again.deleteManifest('pushed', amd.manifestDigest)).toBe(true)
    expect(await again.headManifest('pushed', amd.manifestDigest)).toBeUndefined()
    await again.close()
  })
})

describe.skipIf(!READY)('docker-registry with Bearer tokens', () => {
  it('answers the challenge anonymously with the scope asked for', async () => {
    const reg = await startRegistry({ token: {} })
    try {
      await skopeoPush(`oci:${join(dir, 'single')}:v1`, reg.host, 'team/app:1')
      reg.issued.length = 0

      expect(await paths(`${reg.host}/team/app:1`, FAST)).toEqual(['etc/arch=amd64', 'app/run=go'])
      expect(new Set(reg.issued)).toEqual(new Set(['repository:team/app:pull']))
      const client = new RegistryClient({ registry: reg.host, ...FAST })
      expect(await client.listRepositories()).toEqual(['team/app'])
      await client.close()
      expect(reg.issued).toContain('registry:catalog:*')
    } finally {
      await reg.stop()
    }
  })

  it('sends credentials to the token realm when the token server wants them', async () => {
    const reg = await startRegistry({ token: { login: LOGIN } })
    try {
      await skopeoPush(`oci:${join(dir, 'single')}:v1`, reg.host, 'app:1', { login: LOGIN })

      await expect(openImage(`${reg.host}/app:1`, FAST)).rejects.toMatchObject({
        name: 'ExternalError',
        code: 'REGISTRY_AUTH',
      })
      expect(
        await paths(`${reg.host}/app:1`, {
          ...FAST,
          username: LOGIN.user,
          password: LOGIN.password,
        }),
      ).toEqual(['etc/arch=amd64', 'app/run=go'])
    } finally {
      await reg.stop()
    }
  })
})
