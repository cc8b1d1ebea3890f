import { createHash, randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, sha256 } from './http.js'
import { basicAuth, startTestRegistry } from './harness.js'
import type { TestRegistry } from './harness.js'

// Every MUST of distribution-spec 1.1 about blobs, through raw HTTP.
// ref: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md
describe('registry blobs and uploads', () => {
  let reg: TestRegistry
  const req = (...a: Parameters<typeof call> extends [string, ...infer R] ? R : never): ReturnType<typeof call> => call(reg.url, ...a)
  beforeAll(async () => {
    reg = await startTestRegistry()
  })
  afterAll(async () => reg?.stop())

  it('answers /v2/ with 401 and a Basic challenge without a token, 200 with one', async () => {
    const anon = await req('GET', '/v2/', { role: null })
    const ok = await req('GET', '/v2/', { role: 'viewer' })

    expect(anon).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(anon.headers['www-authenticate']).toBe('Basic realm="bulwark-test"')
    expect(ok.status).toBe(200)
    expect(ok.headers['docker-distribution-api-version']).toBe('registry/2.0')
    expect(ok.headers['x-registry-supports-signatures']).toBe('1')
  })

  it('hands out the token through the Docker token flow and accepts it as Bearer', async () => {
    const res = await req('GET', '/v2/token?service=bulwark&scope=repository:a/b:pull', { role: 'viewer' })
    const { token, access_token } = JSON.parse(res.text) as { token: string; access_token: string }
    const bearer = await req('GET', '/v2/', { role: null, headers: { authorization: `Bearer ${token}` } })

    expect(access_token).toBe(token)
    expect(bearer.status).toBe(200)
    expect((await req('GET', '/v2/token', { role: null })).status).toBe(401)
  })

  it('pushes monolithically (POST ?digest) and serves GET, HEAD and Range', async () => {
    const data = Buffer.from('monolithic blob content')
    const digest = sha256(data)

    const put = await req('POST', `/v2/mono/repo/blobs/uploads/?digest=${digest}`, { body: data, headers: { 'content-type': 'application/octet-stream' } })
    const get = await req('GET', `/v2/mono/repo/blobs/${digest}`, { role: 'viewer' })
    const head = await req('HEAD', `/v2/mono/repo/blobs/${digest}`, { role: 'viewer' })
    const range = await req('GET', `/v2/mono/repo/blobs/${digest}`, { role: 'viewer', headers: { range: 'bytes=5-9' } })
    const bad = await req('GET', `/v2/mono/repo/blobs/${digest}`, { role: 'viewer', headers: { range: 'bytes=100-' } })

    expect(put.status).toBe(201)
    expect(put.headers.location).toBe(`/v2/mono/repo/blobs/${digest}`)
    expect(put.headers['docker-content-digest']).toBe(digest)
    expect(get).toMatchObject({ status: 200, text: data.toString() })
    expect(get.headers['docker-content-digest']).toBe(digest)
    expect(head).toMatchObject({ status: 200, text: '' })
    expect(head.headers['content-length']).toBe(String(data.length))
    expect(range).toMatchObject({ status: 206, text: 'ithic' })
    expect(range.headers['content-range']).toBe(`bytes 5-9/${data.length}`)
    expect(bad.status).toBe(416)
  })

  it('rejects a monolithic push whose digest does not match and keeps nothing', async () => {
    const digest = sha256('something else')

    const res = await req('POST', `/v2/mono/repo/blobs/uploads/?digest=${digest}`, { body: 'not it' })

    expect(res).toMatchObject({ status: 400, code: 'DIGEST_INVALID' })
    expect((await req('HEAD', `/v2/mono/repo/blobs/${digest}`)).status).toBe(404)
    expect(await reg.blobs.size(digest)).toBeUndefined()
  })

  it.each([
    { name: 'an empty blob', data: Buffer.alloc(0), digest: sha256('') },
    { name: 'a sha512-addressed blob', data: Buffer.from('sha512 data'), digest: `sha512:${createHash('sha512').update('sha512 data').digest('hex')}` },
  ])('pushes and serves $name', async ({ data, digest }) => {
    const put = await req('POST', `/v2/edge/repo/blobs/uploads/?digest=${digest}`, { body: data, headers: { 'content-length': String(data.length) } })
    const get = await req('GET', `/v2/edge/repo/blobs/${digest}`)

    expect(put.status).toBe(201)
    expect(get).toMatchObject({ status: 200, text: data.toString() })
    expect(get.headers['content-length']).toBe(String(data.length))
  })

  it('pushes POST then PUT with the body', async () => {
    const start = await req('POST', '/v2/two/step/blobs/uploads/')
    const digest = sha256('two-step')

    const put = await req('PUT', `${start.headers.location as string}?digest=${digest}`, { body: 'two-step' })

    expect(start.status).toBe(202)
    expect(start.headers['docker-upload-uuid']).toBeTruthy()
    expect(put.status).toBe(201)
    expect((await req('GET', `/v2/two/step/blobs/${digest}`)).text).toBe('two-step')
  })

  it('pushes in chunks with Content-Range, answers 416 out of order, reports status', async () => {
    const loc = (await req('POST', '/v2/chunked/repo/blobs/uploads/')).headers.location as string
    const h = (range: string, len: number): Record<string, string> => ({ 'content-range': range, 'content-length': String(len), 'content-type': 'application/octet-stream' })

    const first = await req('PATCH', loc, { body: 'hello', headers: h('0-4', 5) })
    const outOfOrder = await req('PATCH', first.headers.location as string, { body: 'xx', headers: h('9-10', 2) })
    const status = await req('GET', first.headers.location as string)
    const second = await req('PATCH', first.headers.location as string, { body: ' world', headers: h('5-10', 6) })
    const done = await req('PUT', `${second.headers.location as string}?digest=${sha256('hello world')}`)

    expect(first.status).toBe(202)
    expect(first.headers.range).toBe('0-4')
    expect(outOfOrder).toMatchObject({ status: 416, code: 'BLOB_UPLOAD_INVALID' })
    expect(status.status).toBe(204)
    expect(status.headers.range).toBe('0-4')
    expect(second.headers.range).toBe('0-10')
    expect(done.status).toBe(201)
    expect((await req('GET', `/v2/chunked/repo/blobs/${sha256('hello world')}`)).text).toBe('hello world')
  })

  it('accepts streamed PATCHes without Content-Range', async () => {
    const loc = (await req('POST', '/v2/streamed/repo/blobs/uploads/')).headers.location as string
    const a = await req('PATCH', loc, { body: 'abc' })
    const b = await req('PATCH', a.headers.location as string, { body: 'def' })

    const done = await req('PUT', `${b.headers.location as string}?digest=${sha256('abcdef')}`)

    expect(b.headers.range).toBe('0-5')
    expect(done.status).toBe(201)
  })

  it('cancels an upload with DELETE; the id is then unknown', async () => {
    const loc = (await req('POST', '/v2/cancel/repo/blobs/uploads/')).headers.location as string

    const del = await req('DELETE', loc)
    const after = await req('GET', loc)

    expect(del.status).toBe(204)
    expect(after).toMatchObject({ status: 404, code: 'BLOB_UPLOAD_UNKNOWN' })
    expect((await req('PUT', `${loc}?digest=${sha256('')}`)).code).toBe('BLOB_UPLOAD_UNKNOWN')
    expect((await req('GET', '/v2/cancel/repo/blobs/uploads/not-a-uuid')).code).toBe('BLOB_UPLOAD_UNKNOWN')
  })

  it('an upload of one repository is unknown to another', async () => {
    const loc = (await req('POST', '/v2/owner/repo/blobs/uploads/')).headers.location as string

    const res = await req('PATCH', loc.replace('/owner/repo/', '/other/repo/'), { body: 'x' })

    expect(res).toMatchObject({ status: 404, code: 'BLOB_UPLOAD_UNKNOWN' })
  })

  it('mounts a blob from another repository (201) or falls back to an upload (202)', async () => {
    const digest = sha256('mount me')
    await req('POST', `/v2/mount/src/blobs/uploads/?digest=${digest}`, { body: 'mount me' })

    const mounted = await req('POST', `/v2/mount/dst/blobs/uploads/?mount=${digest}&from=mount/src`)
    const fallback = await req('POST', `/v2/mount/dst2/blobs/uploads/?mount=${sha256('absent')}&from=mount/src`)
    const wrongFrom = await req('POST', `/v2/mount/dst3/blobs/uploads/?mount=${digest}&from=mount/none`)

    expect(mounted.status).toBe(201)
    expect(mounted.headers.location).toBe(`/v2/mount/dst/blobs/${digest}`)
    expect((await req('GET', `/v2/mount/dst/blobs/${digest}`)).text).toBe('mount me')
    expect(fallback.status).toBe(202)
    expect(fallback.headers.location).toMatch(/^\/v2\/mount\/dst2\/blobs\/uploads\//)
    expect(wrongFrom.status).toBe(202)
  })

  it('stores a large streamed PATCH byte for byte (many write batches and background syncs)', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 7)
    const digest = sha256(data)
    const loc = (await req('POST', '/v2/big/repo/blobs/uploads/')).headers.location as string

    const patch = await req('PATCH', loc, { body: data })
    const put = await req('PUT', `${loc}?digest=${digest}`)
    const got = await request(`${reg.url}/v2/big/repo/blobs/${digest}`, { headers: { authorization: basicAuth('viewer') } })
    const bytes = Buffer.from(await got.body.arrayBuffer())

    expect(patch.headers.range).toBe(`0-${data.length - 1}`)
    expect(put.status).toBe(201)
    expect(got.statusCode).toBe(200)
    expect(bytes.equals(data)).toBe(true)
  })

  it('a blob whose file went away is unknown, even right after it was served from a cached size', async () => {
    const data = 'served once'
    const digest = sha256(data)
    await req('POST', `/v2/gone/repo/blobs/uploads/?digest=${digest}`, { body: data })
    const first = await req('GET', `/v2/gone/repo/blobs/${digest}`)
    rmSync(join(reg.blobs.root, 'sha256', digest.slice(7, 9), digest.slice(7)))

    expect(first).toMatchObject({ status: 200, text: data })
    expect(await req('GET', `/v2/gone/repo/blobs/${digest}`)).toMatchObject({ status: 404, code: 'BLOB_UNKNOWN' })
    expect((await req('HEAD', `/v2/gone/repo/blobs/${digest}`)).status).toBe(404)
  })

  it('deletes a blob from a repository (202), then it is unknown there', async () => {
    const digest = sha256('delete me')
    await req('POST', `/v2/del/repo/blobs/uploads/?digest=${digest}`, { body: 'delete me' })

    const denied = await req('DELETE', `/v2/del/repo/blobs/${digest}`, { role: 'viewer' })
    const del = await req('DELETE', `/v2/del/repo/blobs/${digest}`)
    const again = await req('DELETE', `/v2/del/repo/blobs/${digest}`)

    expect(denied).toMatchObject({ status: 403, code: 'DENIED' })
    expect(del.status).toBe(202)
    expect((await req('HEAD', `/v2/del/repo/blobs/${digest}`)).status).toBe(404)
    expect(again).toMatchObject({ status: 404, code: 'BLOB_UNKNOWN' })
  })

  it.each([
    { name: 'unknown blob', method: 'GET', path: `/v2/a/b/blobs/${sha256('nope')}`, status: 404, code: 'BLOB_UNKNOWN' },
    { name: 'malformed digest', method: 'GET', path: '/v2/a/b/blobs/sha256:xyz', status: 400, code: 'DIGEST_INVALID' },
    { name: 'unsupported algorithm', method: 'GET', path: '/v2/a/b/blobs/md5:d41d8cd98f00b204e9800998ecf8427e', status: 400, code: 'DIGEST_INVALID' },
    { name: 'upper-case name', method: 'GET', path: `/v2/Bad/Name/blobs/${sha256('x')}`, status: 400, code: 'NAME_INVALID' },
    { name: 'component starting with a dash', method: 'GET', path: '/v2/a/-b/tags/list', status: 400, code: 'NAME_INVALID' },
    { name: 'PUT without digest', method: 'PUT', path: '/v2/a/b/blobs/uploads/00000000-0000-4000-8000-000000000000', status: 404, code: 'BLOB_UPLOAD_UNKNOWN' },
    { name: 'POST on a blob', method: 'POST', path: `/v2/a/b/blobs/${sha256('x')}`, status: 405, code: 'UNSUPPORTED' },
    { name: 'unknown endpoint', method: 'GET', path: '/v2/a/b/whatever', status: 404, code: 'NAME_UNKNOWN' },
  ])('error: $name', async ({ method, path, status, code }) => {
    const res = await req(method, path)

    expect(res).toMatchObject({ status, code })
    const body = JSON.parse(res.text) as { errors: Record<string, unknown>[] }
    expect(body.errors).toHaveLength(1)
    expect(Object.keys(body.errors[0]!).sort()).toEqual(['code', 'detail', 'message'])
  })

  it('a viewer cannot start an upload', async () => {
    expect(await req('POST', '/v2/a/b/blobs/uploads/', { role: 'viewer' })).toMatchObject({ status: 403, code: 'DENIED' })
  })
})
