import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { authFileCandidates, normalizeAuthKey, resolveCredentials } from './credentials.js'

const home = mkdtempSync(join(tmpdir(), 'bulwark-creds-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))
const b64 = (s: string): string => Buffer.from(s).toString('base64')

function write(path: string, doc: unknown): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return path
}

describe('normalizeAuthKey', () => {
  it.each([
    { key: 'https://index.docker.io/v1/', want: 'docker.io' },
    { key: 'registry-1.docker.io', want: 'docker.io' },
    { key: 'http://localhost:5000', want: 'localhost:5000' },
    { key: 'quay.io/org/repo', want: 'quay.io/org/repo' },
    { key: 'ghcr.io/', want: 'ghcr.io' },
  ])('$key -> $want', ({ key, want }) => {
    expect(normalizeAuthKey(key)).toBe(want)
  })
})

describe('resolveCredentials', () => {
  write(join(home, '.docker', 'config.json'), {
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'localhost:5000': { username: 'u', password: 'p' },
    },
  })
  const containers = write(join(home, '.config', 'containers', 'auth.json'), {
    auths: {
      'quay.io': { auth: b64('q:top') },
      'quay.io/org': { auth: b64('q:org') },
      'quay.io/org/app': { auth: b64('q:app:with:colons') },
    },
  })

  it.each([
    {
      name: 'flags win',
      reg: 'localhost:5000',
      repo: 'x',
      o: { username: 'f', password: 'g', env: { HOME: home } },
      want: { username: 'f', password: 'g' },
    },
    {
      name: 'Docker Hub via the v1 URL key',
      reg: 'docker.io',
      repo: 'library/debian',
      o: { env: { HOME: home } },
      want: { username: 'hubuser', password: 'hubpass' },
    },
    {
      name: 'username/password fields',
      reg: 'localhost:5000',
      repo: 'app',
      o: { env: { HOME: home } },
      want: { username: 'u', password: 'p' },
    },
    {
      name: 'most specific namespace',
      reg: 'quay.io',
      repo: 'org/app',
      o: { env: { HOME: home } },
      want: { username: 'q', password: 'app:with:colons' },
    },
    {
      name: 'namespace',
      reg: 'quay.io',
      repo: 'org/other',
      o: { env: { HOME: home } },
      want: { username: 'q', password: 'org' },
    },
    {
      name: 'host',
      reg: 'quay.io',
      repo: 'else/x',
      o: { env: { HOME: home } },
      want: { username: 'q', password: 'top' },
    },
    {
      name: 'unknown host',
      reg: 'example.com',
      repo: 'x',
      o: { env: { HOME: home } },
      want: undefined,
    },
    {
      name: 'explicit file only',
      reg: 'localhost:5000',
      repo: 'x',
      o: { authFile: containers, env: { HOME: home } },
      want: undefined,
    },
    {
      name: 'DOCKER_CONFIG',
      reg: 'localhost:5000',
      repo: 'x',
      o: { env: { DOCKER_CONFIG: join(home, '.docker') } },
      want: { username: 'u', password: 'p' },
    },
    { name: 'no env, no files', reg: 'localhost:5000', repo: 'x', o: {}, want: undefined },
  ])('$name', async ({ reg, repo, o, want }) => {
    expect(await resolveCredentials(reg, repo, o)).toEqual(want)
  })

  it('REGISTRY_AUTH_FILE comes first', async () => {
    const file = write(join(home, 'reg-auth.json'), {
      auths: { 'localhost:5000': { auth: b64('first:wins') } },
    })

    expect(
      await resolveCredentials('localhost:5000', 'x', {
        env: { HOME: home, REGISTRY_AUTH_FILE: file },
      }),
    ).toEqual({ username: 'first', password: 'wins' })
    expect(authFileCandidates({ HOME: '/h', XDG_RUNTIME_DIR: '/run/u' })).toEqual([
      '/run/u/containers/auth.json',
      '/h/.config/containers/auth.json',
      '/h/.docker/config.json',
    ])
  })

  it.each([
    { name: 'not JSON', body: '{', code: 'CONFIG_INVALID' },
    {
      name: 'auth without colon',
      body: { auths: { 'localhost:5000': { auth: b64('nocolon') } } },
      code: 'CONFIG_INVALID',
    },
  ])('a broken auth file is a UserError ($name)', async ({ body, code }) => {
    const file = write(join(home, `broken-${code}-${typeof body}.json`), body)

    await expect(
      resolveCredentials('localhost:5000', 'x', { authFile: file }),
    ).rejects.toMatchObject({ name: 'UserError', code })
  })
})
