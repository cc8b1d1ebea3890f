import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestServer, type TestServer } from '../../test/server/harness.js'

const D = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`
const REPO = 'team/app'
const ENC = encodeURIComponent(REPO)

type Role = 'none' | 'viewer' | 'developer' | 'admin'

describe.each(['sqlite', 'postgres'] as const)('API on %s', (dialect) => {
  let t: TestServer
  const tokens: Record<Role, string | undefined> = { none: undefined, viewer: undefined, developer: undefined, admin: undefined }
  let scanId = ''

  async function call(role: Role, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
    const token = tokens[role]
    return t.server.app.inject({
      method,
      url,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload ? { payload } : {}),
    })
  }

  beforeAll(async () => {
    t = await openTestServer({ dialect })
    tokens.admin = t.admin
    for (const role of ['viewer', 'developer'] as const) {
      const res = await call('admin', 'POST', '/api/v1/tokens', { name: role, role })
      tokens[role] = (res.json() as { token: string }).token
    }
    const reg = t.server.store.registry
    for (let i = 1; i <= 6; i++) {
      await reg.putManifest({ repository: REPO, digest: D(i), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 300, totalSize: 1000 + i, configDigest: D(100 + i), references: [D(100 + i)], createdAt: new Date().toISOString() })
      await reg.setTag(REPO, `v${i}`, D(i))
    }
    const scan = await t.server.store.scans.createScan(REPO, D(1))
    scanId = scan.id
    const report = { schemaVersion: 1, artifact: { name: 'x', type: 'registry', layers: [{ index: 0, digest: D(200), diffId: D(201), size: 77 }] }, findings: [] }
    await t.server.store.scans.completeScan(scan.id, { report: JSON.stringify(report), counts: { high: 2, low: 1 }, newFindings: [], fixedFindings: [] })
  })
  afterAll(() => t.close())

  it.each([
    { name: 'healthz', url: '/healthz' },
    { name: 'readyz', url: '/readyz' },
    { name: 'openapi', url: '/api/openapi.json' },
  ])('$name answers without a token', async ({ url }) => {
    expect((await call('none', 'GET', url)).statusCode).toBe(200)
  })

  const matrix: { name: string; method: 'GET' | 'POST' | 'DELETE'; url: (role: Role) => string; body?: object; want: Record<Role, number> }[] = [
    { name: 'metrics', method: 'GET', url: () => '/metrics', want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'list repositories', method: 'GET', url: () => '/api/v1/repositories', want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'list versions', method: 'GET', url: () => `/api/v1/repositories/${ENC}/versions`, want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'layers', method: 'GET', url: () => `/api/v1/repositories/${ENC}/versions/v1/layers`, want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'scan record', method: 'GET', url: () => `/api/v1/scans/${scanId}`, want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'list registries', method: 'GET', url: () => '/api/v1/registries', want: { none: 401, viewer: 200, developer: 200, admin: 200 } },
    { name: 'rescan', method: 'POST', url: () => `/api/v1/repositories/${ENC}/versions/v2/scan`, want: { none: 401, viewer: 403, developer: 202, admin: 202 } },
    { name: 're-match all', method: 'POST', url: () => '/api/v1/scans/rematch', want: { none: 401, viewer: 403, developer: 403, admin: 202 } },
    { name: 'delete version', method: 'DELETE', url: (r) => `/api/v1/repositories/${ENC}/versions/${r === 'developer' ? 'v3' : 'v4'}`, want: { none: 401, viewer: 403, developer: 204, admin: 204 } },
    { name: 'list tokens', method: 'GET', url: () => '/api/v1/tokens', want: { none: 401, viewer: 403, developer: 403, admin: 200 } },
    { name: 'create token', method: 'POST', url: () => '/api/v1/tokens', body: { name: 'x', role: 'viewer' }, want: { none: 401, viewer: 403, developer: 403, admin: 201 } },
    { name: 'audit log', method: 'GET', url: () => '/api/v1/audit', want: { none: 401, viewer: 403, developer: 403, admin: 200 } },
    { name: 'register registry', method: 'POST', url: () => '/api/v1/registries', body: { url: 'http://127.0.0.1:1', username: 'u', password: 'p' }, want: { none: 401, viewer: 403, developer: 403, admin: 201 } },
  ]
  it.each(matrix)('auth matrix: $name', async ({ method, url, body, want }) => {
    const got: Record<string, number> = {}
    for (const role of ['none', 'viewer', 'developer', 'admin'] as const) {
      got[role] = (await call(role, method, url(role), body)).statusCode
    }

    expect(got).toEqual(want)
  })

  it('lists the registry view with sizes, image ids, scan counts and paging', async () => {
    const res = await call('viewer', 'GET', `/api/v1/repositories/${ENC}/versions?n=2`)
    const body = res.json() as { versions: Record<string, unknown>[]; next?: string }

    expect(body.versions).toMatchObject([
      { tag: 'v1', digest: D(1), imageId: D(101), size: 1001, signature: 'unsigned', status: 'vulnerable', scan: { status: 'completed', counts: { high: 2, low: 1 } } },
      { tag: 'v2', digest: D(2), size: 1002 },
    ])
    expect(body.next).toBe('v2')
    const repos = (await call('viewer', 'GET', '/api/v1/repositories')).json() as { name: string; versions: number }[]
    expect(repos.find((r) => r.name === REPO)?.versions).toBeGreaterThanOrEqual(4)
  })

  it('returns layers from the stored report and 404 for unknown versions', async () => {
    const res = await call('viewer', 'GET', `/api/v1/repositories/${ENC}/versions/${D(1)}/layers`)

    expect(res.json()).toMatchObject({ digest: D(1), layers: [{ index: 0, size: 77, diffId: D(201) }] })
    expect((await call('viewer', 'GET', `/api/v1/repositories/${ENC}/versions/nope/layers`)).json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('never returns registry credentials and audits admin actions', async () => {
    const list = await call('admin', 'GET', '/api/v1/registries')
    const audit = (await call('admin', 'GET', '/api/v1/audit')).json() as { action: string }[]

    expect(list.body).not.toContain('"password"')
    expect(list.json()).toMatchObject([{ host: '127.0.0.1:1', hasCredentials: true }])
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['token.create', 'version.delete', 'registry.register', 'scans.rematch']))
  })

  it('validates bodies and revokes tokens', async () => {
    const bad = await call('admin', 'POST', '/api/v1/tokens', { name: 'x', role: 'root' })
    const created = (await call('admin', 'POST', '/api/v1/tokens', { name: 'tmp', role: 'viewer' })).json() as { token: string; record: { id: string } }
    const revoke = await call('admin', 'DELETE', `/api/v1/tokens/${created.record.id}`)
    const after = await t.server.app.inject({ method: 'GET', url: '/api/v1/repositories', headers: { authorization: `Bearer ${created.token}` } })

    expect(bad.statusCode).toBe(400)
    expect(revoke.statusCode).toBe(204)
    expect(after.statusCode).toBe(401)
  })

  it('accepts Basic with any user and the token as password, and the token endpoint', async () => {
    const basic = `Basic ${Buffer.from(`anyone:${tokens.viewer}`).toString('base64')}`

    const res = await t.server.app.inject({ method: 'GET', url: '/api/v1/repositories', headers: { authorization: basic } })
    const tok = await t.server.app.inject({ method: 'GET', url: '/auth/token?service=bulwark&scope=repository:team/app:pull', headers: { authorization: basic } })

    expect(res.statusCode).toBe(200)
    expect(tok.json()).toMatchObject({ token: tokens.viewer })
  })

  it('publishes an OpenAPI 3 document with the routes', async () => {
    const doc = (await call('none', 'GET', '/api/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> }

    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/repositories', '/api/v1/repositories/{name}/versions', '/api/v1/scans/{id}']))
  })
})

describe('failed-auth rate limiting', () => {
  it('blocks an IP after repeated failures, even with a good token', async () => {
    const t = await openTestServer()
    try {
      const bad = { authorization: 'Bearer wrong' }
      const codes: number[] = []
      for (let i = 0; i < 11; i++) codes.push((await t.server.app.inject({ method: 'GET', url: '/api/v1/repositories', headers: bad })).statusCode)
      const good = await t.server.app.inject({ method: 'GET', url: '/api/v1/repositories', headers: { authorization: `Bearer ${t.admin}` } })
      const other = await t.server.app.inject({ method: 'GET', url: '/api/v1/repositories', remoteAddress: '10.0.0.9', headers: { authorization: `Bearer ${t.admin}` } })

      expect(codes.slice(0, 9).every((c) => c === 401)).toBe(true)
      expect(codes[10]).toBe(429)
      expect(good.statusCode).toBe(429)
      expect(other.statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })
})
