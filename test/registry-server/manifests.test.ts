import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, sha256 } from './http.js'
import { startTestRegistry } from './harness.js'
import type { TestRegistry } from './harness.js'

// Distribution-spec 1.1 manifests, tags, catalog and referrers through raw HTTP.
// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'

interface Desc {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
}

describe('registry manifests, tags, catalog, referrers', () => {
  let reg: TestRegistry
  const req = (...a: Parameters<typeof call> extends [string, ...infer R] ? R : never): ReturnType<typeof call> => call(reg.url, ...a)

  async function blob(repo: string, data: string, mediaType: string): Promise<Desc> {
    const digest = sha256(data)
    const res = await req('POST', `/v2/${repo}/blobs/uploads/?digest=${digest}`, { body: data })
    if (res.status !== 201) throw new Error(`blob push failed: ${res.status} ${res.text}`)
    return { mediaType, digest, size: Buffer.byteLength(data) }
  }

  async function image(repo: string, seed: string, extra: Record<string, unknown> = {}, mediaType = OCI_MANIFEST): Promise<{ body: string; digest: string }> {
    const config = await blob(repo, `{"architecture":"amd64","os":"linux","seed":"${seed}"}`, mediaType === OCI_MANIFEST ? OCI_CONFIG : 'application/vnd.docker.container.image.v1+json')
    const layer = await blob(repo, `layer-${seed}`, mediaType === OCI_MANIFEST ? OCI_LAYER : 'application/vnd.docker.image.rootfs.diff.tar.gzip')
    const body = JSON.stringify({ schemaVersion: 2, mediaType, config, layers: [layer], ...extra })
    return { body, digest: sha256(body) }
  }

  async function put(repo: string, ref: string, body: string, mediaType: string): ReturnType<typeof call> {
    return req('PUT', `/v2/${repo}/manifests/${ref}`, { body, headers: { 'content-type': mediaType } })
  }

  beforeAll(async () => {
    reg = await startTestRegistry()
  })
  afterAll(async () => reg?.stop())

  it('pushes an OCI manifest by tag and pulls it by tag and digest with the right headers', async () => {
    const m = await image('app/web', 'one')

    const pushed = await put('app/web', 'v1', m.body, OCI_MANIFEST)
    const byTag = await req('GET', '/v2/app/web/manifests/v1', { role: 'viewer', headers: { accept: OCI_MANIFEST } })
    const byDigest = await req('GET', `/v2/app/web/manifests/${m.digest}`, { role: 'viewer' })
    const head = await req('HEAD', '/v2/app/web/manifests/v1', { role: 'viewer' })

    expect(pushed.status).toBe(201)
    expect(pushed.headers.location).toBe(`/v2/app/web/manifests/${m.digest}`)
    expect(pushed.headers['docker-content-digest']).toBe(m.digest)
    for (const res of [byTag, byDigest]) {
      expect(res).toMatchObject({ status: 200, text: m.body })
      expect(res.headers['content-type']).toBe(OCI_MANIFEST)
      expect(res.headers['docker-content-digest']).toBe(m.digest)
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(m.body)))
    }
    expect(head).toMatchObject({ status: 200, text: '' })
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(m.body)))
    expect(reg.pushed).toContainEqual({ repository: 'app/web', digest: m.digest, tag: 'v1' })
  })

  it('makes the names of the pushed blobs durable before it records their manifest', async () => {
    const m = await image('durable/app', 'sync')
    const pendingBefore = reg.blobs.pendingNames

    const pushed = await put('durable/app', 'v1', m.body, OCI_MANIFEST)

    expect(pendingBefore).toBeGreaterThan(0)
    expect(pushed.status).toBe(201)
    expect(reg.blobs.pendingNames).toBe(0)
  })

  it('serves a manifest from memory only while the database still has it', async () => {
    const m = await image('cache/app', 'ten')
    await put('cache/app', 'v1', m.body, OCI_MANIFEST)
    const served = await req('GET', `/v2/cache/app/manifests/${m.digest}`)
    await req('DELETE', `/v2/cache/app/manifests/${m.digest}`)

    expect(served).toMatchObject({ status: 200, text: m.body })
    expect(await req('GET', `/v2/cache/app/manifests/${m.digest}`)).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
  })

  it('pushes by digest, and refuses a digest that does not match the body', async () => {
    const m = await image('app/bydigest', 'two')

    const ok = await put('app/bydigest', m.digest, m.body, OCI_MANIFEST)
    const bad = await put('app/bydigest', sha256('other'), m.body, OCI_MANIFEST)

    expect(ok.status).toBe(201)
    expect(bad).toMatchObject({ status: 400, code: 'DIGEST_INVALID' })
  })

  it('negotiates Accept: a client that excludes the type gets MANIFEST_UNKNOWN', async () => {
    const m = await image('app/accept', 'three')
    await put('app/accept', 'latest', m.body, OCI_MANIFEST)

    const refused = await req('GET', '/v2/app/accept/manifests/latest', { headers: { accept: DOCKER_MANIFEST } })
    const wildcard = await req('GET', '/v2/app/accept/manifests/latest', { headers: { accept: `${DOCKER_MANIFEST}, */*;q=0.1` } })

    expect(refused).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
    expect(wildcard.status).toBe(200)
  })

  it('stores Docker schema 2 manifests and manifest lists', async () => {
    const m = await image('docker/img', 'four', {}, DOCKER_MANIFEST)
    await put('docker/img', m.digest, m.body, DOCKER_MANIFEST)
    const list = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [{ mediaType: DOCKER_MANIFEST, digest: m.digest, size: Buffer.byteLength(m.body), platform: { architecture: 'amd64', os: 'linux' } }] })

    const res = await put('docker/img', 'multi', list, DOCKER_LIST)
    const got = await req('GET', '/v2/docker/img/manifests/multi', { headers: { accept: DOCKER_LIST } })

    expect(res.status).toBe(201)
    expect(got.headers['content-type']).toBe(DOCKER_LIST)
    expect(got.text).toBe(list)
    const rec = await reg.store.registry.getManifest('docker/img', sha256(list))
    expect(rec?.totalSize).toBe(Buffer.byteLength(list) + (await reg.store.registry.getManifest('docker/img', m.digest))!.totalSize)
  })

  it('refuses an index whose child manifest is absent, accepts it once present', async () => {
    const child = await image('oci/multi', 'five')
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: child.digest, size: Buffer.byteLength(child.body) }] })

    const missing = await put('oci/multi', 'idx', index, OCI_INDEX)
    await put('oci/multi', child.digest, child.body, OCI_MANIFEST)
    const ok = await put('oci/multi', 'idx', index, OCI_INDEX)

    expect(missing).toMatchObject({ status: 400, code: 'MANIFEST_BLOB_UNKNOWN' })
    expect(ok.status).toBe(201)
    expect(reg.pushed.some((e) => e.digest === sha256(index))).toBe(false)
  })

  it.each([
    { name: 'not JSON', body: '{oops', type: OCI_MANIFEST, code: 'MANIFEST_INVALID', status: 400 },
    { name: 'schemaVersion 1', body: '{"schemaVersion":1}', type: OCI_MANIFEST, code: 'MANIFEST_INVALID', status: 400 },
    { name: 'unknown media type', body: '{"schemaVersion":2,"mediaType":"text/plain"}', type: 'text/plain', code: 'MANIFEST_INVALID', status: 400 },
    { name: 'Content-Type and mediaType disagree', body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), type: OCI_MANIFEST, code: 'MANIFEST_INVALID', status: 400 },
    { name: 'layers not an array', body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: sha256('c'), size: 1 }, layers: {} }), type: OCI_MANIFEST, code: 'MANIFEST_INVALID', status: 400 },
    { name: 'bad descriptor digest', body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: 'sha256:zz', size: 1 }, layers: [] }), type: OCI_MANIFEST, code: 'MANIFEST_INVALID', status: 400 },
    { name: 'unknown blobs', body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: sha256('c'), size: 1 }, layers: [] }), type: OCI_MANIFEST, code: 'MANIFEST_BLOB_UNKNOWN', status: 400 },
    { name: 'over 4 MiB', body: `{"schemaVersion":2,"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`, type: OCI_MANIFEST, code: 'SIZE_INVALID', status: 413 },
  ])('refuses a manifest: $name', async ({ body, type, code, status }) => {
    const res = await put('bad/manifests', 'x', body, type)

    expect(res).toMatchObject({ status, code })
    expect(await reg.store.registry.resolveTag('bad/manifests', 'x')).toBeUndefined()
  })

  it('answers MANIFEST_UNKNOWN for an unknown tag or digest and NAME_UNKNOWN for tags of an unknown repository', async () => {
    expect(await req('GET', '/v2/app/web/manifests/nope')).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
    expect(await req('GET', `/v2/app/web/manifests/${sha256('nope')}`)).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
    expect(await req('GET', '/v2/no/such/tags/list')).toMatchObject({ status: 404, code: 'NAME_UNKNOWN' })
    expect((await req('HEAD', '/v2/app/web/manifests/nope')).status).toBe(404)
  })

  it('lists tags with n/last pagination and a Link header', async () => {
    const m = await image('paged/repo', 'six')
    for (const tag of ['c', 'a', 'b', 'd']) await put('paged/repo', tag, m.body, OCI_MANIFEST)

    const p1 = await req('GET', '/v2/paged/repo/tags/list?n=2')
    const p2 = await req('GET', '/v2/paged/repo/tags/list?n=2&last=b')
    const p3 = await req('GET', '/v2/paged/repo/tags/list?n=2&last=d')
    const all = await req('GET', '/v2/paged/repo/tags/list')
    const none = await req('GET', '/v2/paged/repo/tags/list?n=0')

    expect(JSON.parse(p1.text)).toEqual({ name: 'paged/repo', tags: ['a', 'b'] })
    expect(p1.headers.link).toBe('</v2/paged/repo/tags/list?n=2&last=b>; rel="next"')
    expect(JSON.parse(p2.text).tags).toEqual(['c', 'd'])
    expect(p2.headers.link).toBeUndefined()
    expect(JSON.parse(p3.text).tags).toEqual([])
    expect(JSON.parse(all.text).tags).toEqual(['a', 'b', 'c', 'd'])
    expect(JSON.parse(none.text).tags).toEqual([])
  })

  it('lists the catalog with pagination', async () => {
    const p1 = await req('GET', '/v2/_catalog?n=1')
    const all = JSON.parse((await req('GET', '/v2/_catalog')).text) as { repositories: string[] }
    const p2 = await req('GET', `/v2/_catalog?n=1&last=${all.repositories[0]!}`)

    expect(all.repositories).toEqual([...all.repositories].sort())
    expect(all.repositories).toEqual(expect.arrayContaining(['app/web', 'docker/img', 'oci/multi', 'paged/repo']))
    expect(JSON.parse(p1.text).repositories).toEqual([all.repositories[0]])
    expect(p1.headers.link).toBe(`</v2/_catalog?n=1&last=${encodeURIComponent(all.repositories[0]!)}>; rel="next"`)
    expect(JSON.parse(p2.text).repositories).toEqual([all.repositories[1]])
  })

  it('serves referrers: OCI-Subject on push, an index listing, artifactType filtering', async () => {
    const subject = await image('ref/app', 'seven')
    await put('ref/app', 'v1', subject.body, OCI_MANIFEST)
    const subjectDesc = { mediaType: OCI_MANIFEST, digest: subject.digest, size: Buffer.byteLength(subject.body) }
    const empty = await blob('ref/app', '{}', 'application/vnd.oci.empty.v1+json')
    const sbomLayer = await blob('ref/app', '{"sbom":true}', 'application/spdx+json')
    const sbom = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/spdx+json', config: empty, layers: [sbomLayer], subject: subjectDesc, annotations: { 'org.example': 'sbom' } })
    const sig = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...empty, mediaType: 'application/vnd.example.sig' }, layers: [sbomLayer], subject: subjectDesc })

    const pushed = await put('ref/app', sha256(sbom), sbom, OCI_MANIFEST)
    await put('ref/app', sha256(sig), sig, OCI_MANIFEST)
    const all = await req('GET', `/v2/ref/app/referrers/${subject.digest}`)
    const filtered = await req('GET', `/v2/ref/app/referrers/${subject.digest}?artifactType=application/spdx%2Bjson`)
    const none = await req('GET', `/v2/ref/app/referrers/${sha256('nothing')}`)

    expect(pushed.headers['oci-subject']).toBe(subject.digest)
    expect(all.headers['content-type']).toBe(OCI_INDEX)
    const index = JSON.parse(all.text) as { schemaVersion: number; mediaType: string; manifests: Desc[] }
    expect(index.schemaVersion).toBe(2)
    expect(index.mediaType).toBe(OCI_INDEX)
    expect(index.manifests.map((d) => [d.digest, d.artifactType]).sort()).toEqual(
      [[sha256(sbom), 'application/spdx+json'], [sha256(sig), 'application/vnd.example.sig']].sort(),
    )
    expect(JSON.parse(filtered.text).manifests).toEqual([{ mediaType: OCI_MANIFEST, digest: sha256(sbom), size: Buffer.byteLength(sbom), artifactType: 'application/spdx+json', annotations: { 'org.example': 'sbom' } }])
    expect(filtered.headers['oci-filters-applied']).toBe('artifactType')
    expect(all.headers['oci-filters-applied']).toBeUndefined()
    expect(none.status).toBe(200)
    expect(JSON.parse(none.text).manifests).toEqual([])
    expect(reg.pushed.some((e) => e.digest === sha256(sbom) || e.digest === sha256(sig))).toBe(false)
    expect(await req('GET', '/v2/ref/app/referrers/sha256:bad')).toMatchObject({ status: 400, code: 'DIGEST_INVALID' })
  })

  it('accepts a manifest whose subject does not exist yet', async () => {
    const empty = await blob('ref/early', '{}', 'application/vnd.oci.empty.v1+json')
    const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/x-test', config: empty, layers: [empty], subject: { mediaType: OCI_MANIFEST, digest: sha256('future'), size: 6 } })

    const res = await put('ref/early', sha256(body), body, OCI_MANIFEST)

    expect(res.status).toBe(201)
    expect(JSON.parse((await req('GET', `/v2/ref/early/referrers/${sha256('future')}`)).text).manifests).toHaveLength(1)
  })

  it('deletes a tag (manifest stays) and a manifest by digest (all its tags go)', async () => {
    const m = await image('del/app', 'eight')
    await put('del/app', 'keep', m.body, OCI_MANIFEST)
    await put('del/app', 'drop', m.body, OCI_MANIFEST)

    const denied = await req('DELETE', '/v2/del/app/manifests/drop', { role: 'viewer' })
    const tag = await req('DELETE', '/v2/del/app/manifests/drop')
    const stillThere = await req('GET', `/v2/del/app/manifests/${m.digest}`)
    const manifest = await req('DELETE', `/v2/del/app/manifests/${m.digest}`)

    expect(denied).toMatchObject({ status: 403, code: 'DENIED' })
    expect(tag.status).toBe(202)
    expect(stillThere.status).toBe(200)
    expect(manifest.status).toBe(202)
    expect(await req('GET', '/v2/del/app/manifests/keep')).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
    expect(await req('DELETE', `/v2/del/app/manifests/${m.digest}`)).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
  })

  it('stores and returns signatures through the containers/image extension', async () => {
    const m = await image('sig/app', 'nine')
    await put('sig/app', 'v1', m.body, OCI_MANIFEST)
    const sig = { schemaVersion: 2, type: 'atomic', name: `${m.digest}@0123456789abcdef0123456789abcdef`, content: Buffer.from('gpg bytes').toString('base64') }

    const before = await req('GET', `/extensions/v2/sig/app/signatures/${m.digest}`, { role: 'viewer' })
    const denied = await req('PUT', `/extensions/v2/sig/app/signatures/${m.digest}`, { role: 'viewer', body: JSON.stringify(sig) })
    const putRes = await req('PUT', `/extensions/v2/sig/app/signatures/${m.digest}`, { body: JSON.stringify(sig), headers: { 'content-type': 'application/json' } })
    await req('PUT', `/extensions/v2/sig/app/signatures/${m.digest}`, { body: JSON.stringify(sig) })
    const after = await req('GET', `/extensions/v2/sig/app/signatures/${m.digest}`, { role: 'viewer' })
    const unknown = await req('PUT', `/extensions/v2/sig/app/signatures/${sha256('x')}`, { body: JSON.stringify(sig) })

    expect(JSON.parse(before.text)).toEqual({ signatures: [] })
    expect(denied.status).toBe(403)
    expect(putRes.status).toBe(201)
    expect(JSON.parse(after.text)).toEqual({ signatures: [sig] })
    expect(unknown).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' })
    expect((await req('GET', `/extensions/v2/sig/app/signatures/${m.digest}`, { role: null })).status).toBe(401)
  })
})
