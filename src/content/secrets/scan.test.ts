import { describe, expect, it } from 'vitest'
import { EXTRA_SECRET_EXAMPLES, plantedSecretFiles, plantedSecrets } from '../../../test/content/planted.js'
import { scanSecrets } from './scan.js'


const planted = plantedSecrets()
const files = plantedSecretFiles(planted)

describe('scanSecrets on planted real-format secrets', () => {
  it.each(planted.map((p) => ({ ...p, name: `${p.rule} in ${p.path}:${p.line}` })))('$name', (p) => {
    const body = Buffer.from(files[p.path] ?? '')

    const hits = scanSecrets(body, p.path)

    expect(hits.map((h) => `${h.rule}:${h.line}`)).toContain(`${p.rule}:${p.line}`)
    const out = JSON.stringify(hits)
    for (const raw of p.raw) expect(out).not.toContain(raw)
  })

  it('shows the AWS example key as AKIA************MPLE', () => {
    const hits = scanSecrets(Buffer.from(files['root/.aws/credentials'] ?? ''), 'root/.aws/credentials')

    expect(hits[0]).toEqual({ rule: 'aws-access-key-id', line: 2, redacted: 'AKIA************MPLE', evidence: 'aws_access_key_id = AKIA************MPLE' })
  })

  it('reports a PEM key once, over its lines, without the body', () => {
    const hits = scanSecrets(Buffer.from(files['root/.ssh/id_rsa'] ?? ''), 'root/.ssh/id_rsa')

    expect(hits).toHaveLength(1)
    expect(hits[0]?.evidence).toBe('-----BEGIN RSA PRIVATE KEY-----')
    expect(hits[0]?.endLine).toBeGreaterThan(20)
  })

  it('a service-account JSON is one finding, not also a private-key finding', () => {
    const hits = scanSecrets(Buffer.from(files['opt/gcp/sa.json'] ?? ''), 'opt/gcp/sa.json')

    expect(hits.map((h) => h.rule)).toEqual(['gcp-service-account'])
  })
})

describe('scanSecrets on formats outside the planted image', () => {
  it.each(EXTRA_SECRET_EXAMPLES)('$rule', ({ rule, path, text }) => {
    expect(scanSecrets(Buffer.from(text), path).map((h) => h.rule)).toEqual([rule])
  })
})

describe('scanSecrets stays quiet on lookalikes', () => {
  it.each([
    { name: 'placeholder AWS key', path: 'app/.env', text: 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\n' },
    { name: 'db URL with a variable', path: 'app/.env', text: 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n' },
    { name: 'db URL with the word password', path: 'app/README', text: 'mysql://user:password@localhost/db\n' },
    { name: 'db URL without a password', path: 'app/.env', text: 'REDIS_URL=redis://cache:6379/0\n' },
    { name: 'npmrc reading the environment', path: 'app/.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
    { name: 'pypirc password outside .pypirc', path: 'app/setup.cfg', text: '[pypi]\npassword = hunter2hunter2\n' },
    { name: 'PEM documentation placeholder', path: 'app/doc.txt', text: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n' },
    { name: 'public key', path: 'app/key.pub', text: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWm4rS0BAnnbDeWR1FB7mhZgoLxFTPBU0qWHpTNc5ufhvr4hUDpZ7vtkq6MjA7nr+nMJvE1BQ4ZMO2f6i5yZmyw==\n-----END PUBLIC KEY-----\n' },
    { name: 'docker config without auths', path: 'app/x.json', text: '{"auth": "c29tZXRoaW5nLWxvbmc="}\n' },
    { name: 'kubeconfig shape without credentials', path: 'root/.kube/config', text: 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: a\n  user:\n    exec:\n      command: aws\n' },
  ])('$name', ({ path, text }) => {
    expect(scanSecrets(Buffer.from(text), path)).toEqual([])
  })
})
