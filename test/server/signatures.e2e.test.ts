import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'
import { buildImage, writeOciLayout } from '../images.js'
import { freePort, hasTool, skopeoPush, startRegistry, type RunningRegistry } from '../registry.js'
import { openTestServer, type TestServer } from './harness.js'

const run = promisify(execFile)
const ready = hasTool('docker-registry') && hasTool('skopeo') && hasTool('gpg')

describe.runIf(ready)('signature column of the registry view (real CLI, skopeo, gpg)', () => {
  let reg: RunningRegistry
  let t: TestServer
  let base = ''
  let host = ''
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-sigsrv-'))
  const gnupg = join(dir, 'gnupg')
  let fpr = ''
  const keyIds: Record<string, string> = {}

  async function api(method: string, path: string, body?: object, token?: string): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? t.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  }

  /** Polls the registry view until `repo:tag` shows `want` (the refresh runs after the response). */
  async function signatureOf(repo: string, want: string, tag = 'v1'): Promise<string> {
    let last = 'missing'
    for (let i = 0; i < 150; i++) {
      const res = await api('GET', `/api/v1/repositories/${encodeURIComponent(repo)}/versions`)
      if (res.status === 200) {
        const { versions } = (await res.json()) as { versions: { tag: string; signature: string }[] }
        last = versions.find((v) => v.tag === tag)?.signature ?? 'missing'
        if (last === want) return last
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    return last
  }

  async function pushTo(target: string, repoTag: string, seed: string, login = true): Promise<void> {
    const img = await buildImage({ layers: [{ files: { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'etc/seed': seed } }] })
    const layout = join(dir, `l-${seed}`)
    writeOciLayout(layout, [{ image: img, tag: 'x' }])
    await skopeoPush(`oci:${layout}:x`, target, repoTag, login ? { login: { user: 'x', password: t.admin } } : {})
  }

  const sign = (image: string, key: string, login = true) =>
    bulwark(['sign', image, '--key', join(dir, `${key}.key`), '--insecure', ...(login ? ['--username', 'x', '--password', t.admin] : [])], { BULWARK_PASSWORD: 'pw' })

  async function trust(file: string, name: string): Promise<Response> {
    const res = await api('POST', '/api/v1/keys', { key: readFileSync(join(dir, file), 'utf8'), name })
    if (res.status === 201) keyIds[name] = ((await res.clone().json()) as { id: string }).id
    return res
  }

  beforeAll(async () => {
    reg = await startRegistry()
    t = await openTestServer()
    base = await t.server.start()
    host = base.replace(/^http:\/\//, '')
    for (const k of ['trusted', 'stranger']) {
      const r = await bulwark(['keygen', '--output-prefix', join(dir, k)], { BULWARK_PASSWORD: 'pw' })
      if (r.code !== 0) throw new Error(r.stderr)
    }
    mkdirSync(gnupg, { mode: 0o700 })
    mkdirSync(join(dir, 'empty.d'))
    const env = { ...process.env, GNUPGHOME: gnupg }
    await run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Bulwark Srv <srv@bulwark.invalid>', 'default', 'default', 'never'], { env })
    fpr = /^fpr:+([0-9A-F]{40}):/m.exec((await run('gpg', ['--with-colons', '--list-keys'], { env })).stdout)?.[1] ?? ''
    await run('sh', ['-c', `gpg --armor --export ${fpr} > ${join(dir, 'gpg.asc')}`], { env })
  }, 120_000)
  afterAll(async () => {
    await t?.close()
    await reg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('validates, lists and audits trusted keys (admin only)', async () => {
    const bad = await api('POST', '/api/v1/keys', { key: 'not a key' })
    const anonymous = await fetch(`${base}/api/v1/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'x' }) })
    const added = await trust('trusted.pub', 'trusted')
    const list = (await (await api('GET', '/api/v1/keys')).json()) as { id: string; kind: string; name: string }[]
    const audit = (await (await api('GET', '/api/v1/audit')).json()) as { items?: { action: string }[] } | { action: string }[]
    const entries = Array.isArray(audit) ? audit : (audit.items ?? [])

    expect(bad.status).toBe(400)
    expect(anonymous.status).toBe(401)
    expect(added.status).toBe(201)
    expect(list).toMatchObject([{ kind: 'pem', name: 'trusted' }])
    expect(entries.map((e) => e.action)).toContain('key.add')
  })

  it('goes unsigned -> signed when the CLI signs a pushed image with a trusted key', async () => {
    await pushTo(host, 'lib/app:v1', 'app')
    expect(await signatureOf('lib/app', 'unsigned')).toBe('unsigned')

    const s = await sign(`${host}/lib/app:v1`, 'trusted')

    expect(s.code, s.stderr).toBe(0)
    expect(await signatureOf('lib/app', 'signed')).toBe('signed')
  }, 60_000)

  it('shows invalid for a signature from an untrusted key', async () => {
    await pushTo(host, 'lib/other:v1', 'other')
    const s = await sign(`${host}/lib/other:v1`, 'stranger')

    expect(s.code, s.stderr).toBe(0)
    expect(await signatureOf('lib/other', 'invalid')).toBe('invalid')
  }, 60_000)

  it('shows signed for a GPG signature skopeo stored through the extension API, once its key is trusted', async () => {
    const img = await buildImage({ layers: [{ files: { 'etc/seed': 'gpg' } }] })
    writeOciLayout(join(dir, 'l-gpg'), [{ image: img, tag: 'x' }])
    await run('skopeo', ['--registries.d', join(dir, 'empty.d'), '--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', `x:${t.admin}`,
      '--sign-by', fpr, `oci:${join(dir, 'l-gpg')}:x`, `docker://${host}/gpg/app:v1`], { env: { ...process.env, GNUPGHOME: gnupg } })
    const before = await signatureOf('gpg/app', 'invalid')

    const added = await trust('gpg.asc', 'gpg')

    expect(before).toBe('invalid') // a signature exists, its key is not trusted yet
    expect(added.status).toBe(201)
    expect(await signatureOf('gpg/app', 'signed')).toBe('signed')
  }, 60_000)

  it('shows signed for an external registry image signed with the CLI, after its scan', async () => {
    await pushTo(reg.host, 'lib/ext:v1', 'ext', false)
    const s = await sign(`${reg.host}/lib/ext:v1`, 'trusted', false)
    const created = await api('POST', '/api/v1/registries', { url: reg.url })
    const { id } = (await created.json()) as { id: string }
    await api('POST', `/api/v1/registries/${id}/scan`)

    expect(s.code, s.stderr).toBe(0)
    expect(await signatureOf(`${reg.host}/lib/ext`, 'signed')).toBe('signed')
    const repos = (await (await api('GET', '/api/v1/repositories')).json()) as unknown
    expect(JSON.stringify(repos)).not.toContain('.sig') // cosign's attachment tags are not versions
  }, 60_000)

  it('turns signed into invalid everywhere when the signing key is removed', async () => {
    const removed = await api('DELETE', `/api/v1/keys/${keyIds.trusted ?? ''}`)
    const again = await api('DELETE', `/api/v1/keys/${keyIds.trusted ?? ''}`)

    expect(removed.status).toBe(204)
    expect(again.status).toBe(404)
    expect(await signatureOf('lib/app', 'invalid')).toBe('invalid')
    expect(await signatureOf(`${reg.host}/lib/ext`, 'invalid')).toBe('invalid')
    expect(await signatureOf('gpg/app', 'signed')).toBe('signed')
  }, 60_000)
})

describe.runIf(ready)('a server told the name its clients use (--external-name)', () => {
  let t: TestServer
  let port = 0
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-signame-'))
  const api = async (method: string, path: string, body?: object): Promise<Response> =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  async function signatureOf(repo: string, want: string): Promise<string> {
    let last = 'missing'
    for (let i = 0; i < 150 && last !== want; i++) {
      const { versions } = (await (await api('GET', `/api/v1/repositories/${encodeURIComponent(repo)}/versions`)).json()) as { versions: { tag: string; signature: string }[] }
      last = versions.find((v) => v.tag === 'v1')?.signature ?? 'missing'
      if (last !== want) await new Promise((r) => setTimeout(r, 200))
    }
    return last
  }
  async function pushAndSign(repo: string, as: string): Promise<void> {
    const img = await buildImage({ layers: [{ files: { 'etc/seed': repo } }] })
    writeOciLayout(join(dir, repo), [{ image: img, tag: 'x' }])
    await skopeoPush(`oci:${join(dir, repo)}:x`, `127.0.0.1:${port}`, `${repo}:v1`, { login: { user: 'x', password: t.admin } })
    const s = await bulwark(['sign', `${as}:${port}/${repo}:v1`, '--key', join(dir, 'k.key'), '--insecure', '--username', 'x', '--password', t.admin], { BULWARK_PASSWORD: 'pw' })
    expect(s.code, s.stderr).toBe(0)
  }

  beforeAll(async () => {
    port = await freePort()
    // clients (and the signer) reach the server as localhost; it checks itself through 127.0.0.1
    t = await openTestServer({ port, externalName: `localhost:${port}` })
    await t.server.start()
    const k = await bulwark(['keygen', '--output-prefix', join(dir, 'k')], { BULWARK_PASSWORD: 'pw' })
    if (k.code !== 0) throw new Error(k.stderr)
    const trusted = await api('POST', '/api/v1/keys', { key: readFileSync(join(dir, 'k.pub'), 'utf8'), name: 'k' })
    if (trusted.status !== 201) throw new Error(await trusted.text())
  }, 120_000)
  afterAll(async () => {
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('accepts signatures naming the external name, and not those naming another host', async () => {
    await pushAndSign('named/app', 'localhost')
    await pushAndSign('named/other', '127.0.0.1')

    expect(await signatureOf('named/app', 'signed')).toBe('signed')
    expect(await signatureOf('named/other', 'invalid')).toBe('invalid')
    // the signatures' own tags (sha256-<hex>.sig) are not versions of the repository
    const { versions } = (await (await api('GET', `/api/v1/repositories/${encodeURIComponent('named/app')}/versions`)).json()) as { versions: { tag: string }[] }
    expect(versions.map((v) => v.tag)).toEqual(['v1'])
    const repos = (await (await api('GET', '/api/v1/repositories')).json()) as { name: string; versions: number }[]
    expect(repos.filter((r) => r.name.startsWith('named/')).map((r) => r.versions)).toEqual([1, 1])
  }, 60_000)
})
