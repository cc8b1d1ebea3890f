import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { buildImage, sha256 } from '../../../test/images.js'
import type { BuiltImage } from '../../../test/images.js'
import { openImage } from '../index.js'
import { RegistryClient } from './client.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

interface Fake {
  readonly host: string
  readonly hits: string[]
  readonly server: Server
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections()
          s.close(r)
        }),
    ),
  )
})

function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-tls-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    )
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A tiny registry that serves what the test tells it to, lies included (over TLS with `tls`). */
async function fakeRegistry(
  route: (path: string, req: IncomingMessage) => Handler | undefined,
  tls?: { key: Buffer; cert: Buffer },
): Promise<Fake> {
  const hits: string[] = []
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    hits.push(`${req.method} ${path}`)
    if (path === '/v2/') return void res.writeHead(200).end('{}')
    const h = route(path, req)
    if (h) return h(req, res)
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"errors":[{"code":"NOT_FOUND"}]}')
  }
  const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server }
}

const send =
  (status: number, body: Buffer | string, headers: Record<string, string> = {}): Handler =>
  (req, res) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

/** Serves a built image's blobs and its manifest under tag `t`, overriding paths in `lies`. */
function serveImage(
  img: BuiltImage,
  lies: Record<string, Handler> = {},
): (path: string) => Handler | undefined {
  return (path) => {
    if (lies[path]) return lies[path]
    if (path === '/v2/app/manifests/t' || path === `/v2/app/manifests/${img.manifestDigest}`) {
      return send(200, img.manifest, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': img.manifestDigest,
      })
    }
    const m = /^\/v2\/app\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path)
    const blob = m?.[1] ? img.blobs.get(m[1]) : undefined
    return blob ? send(200, blob) : undefined
  }
}

const FAST = { insecure: true, retries: 2, retryBaseMs: 1 }

describe('RegistryClient against a lying registry', () => {
  it('reads an honest image', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    const reg = await fakeRegistry(serveImage(img))

    const src = await openImage(`${reg.host}/app:t`, FAST)
    const paths: string[] = []
    await src.walkLayer(0, (e) => {
      paths.push(e.path)
    })
    await src.close()

    expect(paths).toEqual(['a'])
    expect(src.metadata).toMatchObject({
      sourceType: 'registry',
      repository: `${reg.host}/app`,
      tag: 't',
      manifestDigest: img.manifestDigest,
    })
  })

  it('rejects a layer blob whose bytes do not match its digest', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] }, { compression: 'none' })
    const honest = img.layers[0]?.digest ?? ''
    const lie = Buffer.from(img.blobs.get(honest) ?? Buffer.alloc(0))
    lie[512] = 0x42 // same length, same valid tar, other content
    const reg = await fakeRegistry(serveImage(img, { [`/v2/app/blobs/${honest}`]: send(200, lie) }))
    const src = await openImage(`docker://${reg.host}/app:t`, FAST)
    const seen: string[] = []

    const walk = src.walkLayer(0, async (e) => {
      seen.push((await e.read()).toString())
    })

    await expect(walk).rejects.toMatchObject({
      name: 'ImageError',
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining(`layer 0 blob digest mismatch: expected ${honest}`),
    })
    expect(seen).toEqual(['B'])
    await src.close()
  })

  it('rejects a manifest that does not hash to the digest asked for', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    const forged = Buffer.from(img.manifest.toString().replace('"layers"', '"layers" '))
    const reg = await fakeRegistry(
      serveImage(img, {
        [`/v2/app/manifests/${img.manifestDigest}`]: send(200, forged, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
        }),
      }),
    )

    await expect(openImage(`${reg.host}/app@${img.manifestDigest}`, FAST)).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining(reg.host),
    })
  })

  it('rejects a blob longer than the manifest says before hashing all of it', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    const d = img.layers[0]?.digest ?? ''
    const reg = await fakeRegistry(
      serveImage(img, { [`/v2/app/blobs/${d}`]: send(200, Buffer.alloc(10_000_000)) }),
    )
    const src = await openImage(`${reg.host}/app:t`, FAST)

    await expect(src.walkLayer(0, () => {})).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining('10000000'),
    })
    await src.close()
  })

  it('refuses an oversized manifest by Content-Length', async () => {
    const reg = await fakeRegistry((p) =>
      p === '/v2/app/manifests/t' ? send(200, Buffer.alloc(5000, 0x20)) : undefined,
    )

    await expect(
      openImage(`${reg.host}/app:t`, { ...FAST, limits: { maxManifestSize: 1000 } }),
    ).rejects.toMatchObject({ code: 'SIZE_LIMIT' })
  })

  it('retries 503 and 429 with backoff, then succeeds', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    let calls = 0
    const flaky: Handler = (req, res) => {
      calls++
      if (calls === 1) return send(503, 'busy')(req, res)
      if (calls === 2) return send(429, 'slow down', { 'retry-after': '0' })(req, res)
      return serveImage(img)('/v2/app/manifests/t')?.(req, res)
    }
    const reg = await fakeRegistry(serveImage(img, { '/v2/app/manifests/t': flaky }))

    const src = await openImage(`${reg.host}/app:t`, FAST)
    await src.close()

    expect(calls).toBe(3)
  })

  it('gives up after the bounded retries with REGISTRY_UNAVAILABLE', async () => {
    const reg = await fakeRegistry((p) =>
      p === '/v2/app/manifests/t' ? send(502, 'bad gateway') : undefined,
    )

    await expect(openImage(`${reg.host}/app:t`, FAST)).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringContaining('502'),
    })
    expect(reg.hits.filter((h) => h === 'GET /v2/app/manifests/t')).toHaveLength(3)
  })

  it('times out a registry that never answers', async () => {
    const reg = await fakeRegistry((p) => (p === '/v2/app/manifests/t' ? () => {} : undefined))

    await expect(
      openImage(`${reg.host}/app:t`, { ...FAST, retries: 0, timeoutMs: 300 }),
    ).rejects.toMatchObject({ name: 'ExternalError', code: 'TIMEOUT' })
  })

  it('needs insecure for plain HTTP, even on 127.0.0.1', async () => {
    const reg = await fakeRegistry(() => undefined)

    await expect(openImage(`${reg.host}/app:t`, { retries: 0 })).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_UNAVAILABLE',
    })
  })

  it('verifies TLS unless insecure, and then stays on https', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    const reg = await fakeRegistry(serveImage(img), selfSignedCert())

    await expect(openImage(`${reg.host}/app:t`, { retries: 0 })).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_UNAVAILABLE',
    })
    const src = await openImage(`${reg.host}/app:t`, FAST)
    await src.walkLayer(0, () => {})
    await src.close()

    expect(src.metadata.manifestDigest).toBe(img.manifestDigest)
    expect(reg.hits).toContain(`GET /v2/app/blobs/${img.layers[0]?.digest}`)
  })

  it('IMAGE_NOT_FOUND names the image', async () => {
    const reg = await fakeRegistry(() => undefined)

    await expect(openImage(`${reg.host}/nope:1`, FAST)).rejects.toMatchObject({
      name: 'ImageError',
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining(`${reg.host}/nope:1`),
    })
  })

  it('answers a Basic challenge and drops credentials on a cross-origin redirect', async () => {
    const img = await buildImage({ layers: [{ files: { a: 'A' } }] })
    const d = img.layers[0]?.digest ?? ''
    const seenAuth: (string | undefined)[] = []
    const storage = await fakeRegistry((p) =>
      p === '/blob'
        ? (req, res) => {
            seenAuth.push(req.headers.authorization)
            send(200, img.blobs.get(d) ?? '')(req, res)
          }
        : undefined,
    )
    const want = `Basic ${Buffer.from('u:p').toString('base64')}`
    const guarded =
      (inner: Handler): Handler =>
      (req, res) =>
        req.headers.authorization === want
          ? inner(req, res)
          : send(401, '', { 'www-authenticate': 'Basic realm="test"' })(req, res)
    const routes = serveImage(img, {
      [`/v2/app/blobs/${d}`]: send(307, '', { location: `http://${storage.host}/blob` }),
    })
    const reg = await fakeRegistry((p) => {
      const h = routes(p)
      return h ? guarded(h) : undefined
    })

    await expect(openImage(`${reg.host}/app:t`, FAST)).rejects.toMatchObject({
      name: 'ExternalError',
      code: 'REGISTRY_AUTH',
    })
    const src = await openImage(`${reg.host}/app:t`, { ...FAST, username: 'u', password: 'p' })
    await src.walkLayer(0, () => {})
    await src.close()

    expect(seenAuth).toEqual([undefined])
  })

  it('lists tags across Link pages', async () => {
    const pages: Record<string, string> = { '': '{"tags":["a","b"]}', b: '{"tags":["c"]}' }
    const reg = await fakeRegistry((p, req) => {
      if (p !== '/v2/app/tags/list') return undefined
      const last = new URL(req.url ?? '', 'http://x').searchParams.get('last') ?? ''
      return send(
        200,
        pages[last] ?? '{"tags":[]}',
        last === '' ? { link: '</v2/app/tags/list?n=2&last=b>; rel="next"' } : {},
      )
    })
    const client = new RegistryClient({ registry: reg.host, ...FAST })

    const tags = await client.listTags('app', 2)
    await client.close()

    expect(tags).toEqual(['a', 'b', 'c'])
  })

  it('getBlob(verify) fails at the end when the bytes lie; getBlobBytes too', async () => {
    const d = sha256('honest')
    const reg = await fakeRegistry((p) =>
      p === `/v2/app/blobs/${d}` ? send(200, 'liar!!') : undefined,
    )
    const client = new RegistryClient({ registry: reg.host, ...FAST })

    const stream = await client.getBlob('app', d)
    const drained = (async () => {
      for await (const _c of stream) {
        /* drain */
      }
    })()

    await expect(drained).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
    await expect(client.getBlobBytes('app', d)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
    await client.close()
  })
})
