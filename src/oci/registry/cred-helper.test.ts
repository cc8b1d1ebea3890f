import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { helperCredentials, helperServerUrl } from './cred-helper.js'
import { resolveCredentials } from './credentials.js'

// Real helper programs on a private PATH: shell scripts speaking the docker-credential-helpers
// `get` protocol (server URL on stdin, JSON on stdout, "credentials not found" and exit 1 when none).
const dir = mkdtempSync(join(tmpdir(), 'bulwark-cred-helper-'))
const bin = join(dir, 'bin')
mkdirSync(bin)
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: join(dir, 'home') }
const asked = join(dir, 'asked.log')

function helper(name: string, body: string): void {
  const file = join(bin, `docker-credential-${name}`)
  writeFileSync(file, `#!/bin/sh\n[ "$1" = get ] || exit 3\nread -r server\necho "$server" >> ${asked}\n${body}\n`)
  chmodSync(file, 0o755)
}
helper('test', `case "$server" in
  localhost:5000) echo '{"ServerURL":"localhost:5000","Username":"helper-user","Secret":"helper-pass"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"hub","Secret":"hubsecret"}' ;;
  token.example) echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac`)
helper('broken', 'echo "keychain locked" >&2; exit 1')
helper('garbage', 'echo "not json"')

function config(doc: unknown): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(doc))
  return file
}

describe('helperCredentials', () => {
  it('runs docker-credential-NAME get with the server URL on stdin', async () => {
    rmSync(asked, { force: true })
    expect(await helperCredentials('test', 'localhost:5000', env, 'cfg')).toEqual({ username: 'helper-user', password: 'helper-pass' })
    expect(await helperCredentials('test', 'docker.io', env, 'cfg')).toEqual({ username: 'hub', password: 'hubsecret' })
    expect(await helperCredentials('test', 'quay.io', env, 'cfg')).toBeUndefined()
    expect(readFileSync(asked, 'utf8')).toBe('localhost:5000\nhttps://index.docker.io/v1/\nquay.io\n')
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io')
  })

  it.each([
    { name: '../evil', re: /is not a helper name/ },
    { name: 'missing', re: /docker-credential-missing is not installed/ },
    { name: 'broken', re: /docker-credential-broken failed for localhost:5000: keychain locked/ },
    { name: 'garbage', re: /docker-credential-garbage printed no JSON/ },
  ])('refuses $name with a message naming the config file', async ({ name, re }) => {
    const err = await helperCredentials(name, 'localhost:5000', env, '/home/u/.docker/config.json').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' })
    expect(String((err as Error).message)).toMatch(re)
    expect(String((err as Error).message)).toContain('/home/u/.docker/config.json')
  })

  it('refuses identity tokens, which it cannot use', async () => {
    await expect(helperCredentials('test', 'token.example', env, 'cfg')).rejects.toThrow(/identity token/)
  })
})

describe('resolveCredentials with helpers', () => {
  it('prefers the registry\'s credHelpers entry, then credsStore, then auths', async () => {
    const authFile = config({
      credHelpers: { 'https://localhost:5000': 'test', 'quay.io': 'broken' },
      credsStore: 'garbage',
      auths: { 'localhost:5000': { username: 'file', password: 'p' } },
    })
    expect(await resolveCredentials('localhost:5000', 'app', { authFile, env })).toEqual({ username: 'helper-user', password: 'helper-pass' })
    await expect(resolveCredentials('quay.io', 'app', { authFile, env })).rejects.toThrow(/docker-credential-broken failed/)
    await expect(resolveCredentials('ghcr.io', 'app', { authFile, env })).rejects.toThrow(/docker-credential-garbage/)
  })

  it('falls back to the auths entries when the helper holds nothing for the registry', async () => {
    const authFile = config({ credsStore: 'test', auths: { 'ghcr.io': { username: 'g', password: 'h' } } })
    expect(await resolveCredentials('ghcr.io', 'app', { authFile, env })).toEqual({ username: 'g', password: 'h' })
    expect(await resolveCredentials('example.org', 'app', { authFile, env })).toBeUndefined()
  })

  it('flags still win over helpers', async () => {
    const authFile = config({ credsStore: 'broken' })
    expect(await resolveCredentials('localhost:5000', 'app', { authFile, env, username: 'u', password: 'p' })).toEqual({ username: 'u', password: 'p' })
  })
})
