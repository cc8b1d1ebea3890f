import { describe, expect, it } from 'vitest'
import type { Finding } from '../core/index.js'
import { applyAllowList, parseAllowList } from './allow.js'
import { globToRegExp } from './internal/glob.js'
import { parseHashList } from './malware/hashes.js'

function finding(id: string, path: string): Finding {
  return { id, kind: 'secret', severity: 'high', title: id, target: { type: 'image', name: 'x' }, location: { path }, references: [], source: { plugin: 'content/secrets', version: '1' } }
}

describe('allow-list', () => {
  it('parses rule, rule + glob and * + glob entries', () => {
    expect(parseAllowList('# comment\nprivate-key usr/src/app/test/**\njwt\n* opt/fixtures/*.pem  # keys for tests\n')).toEqual([
      { rule: 'private-key', path: 'usr/src/app/test/**' },
      { rule: 'jwt' },
      { path: 'opt/fixtures/*.pem' },
    ])
  })

  it.each([
    { name: 'rule and path match', allow: [{ rule: 'private-key', path: 'srv/**' }], f: finding('private-key', 'srv/app/k.pem'), suppressed: true },
    { name: 'rule matches, path does not', allow: [{ rule: 'private-key', path: 'srv/**' }], f: finding('private-key', 'root/k.pem'), suppressed: false },
    { name: 'any rule at a path', allow: [{ path: '/root/.npmrc' }], f: finding('npmrc-auth', 'root/.npmrc'), suppressed: true },
    { name: 'rule everywhere', allow: [{ rule: 'jwt' }], f: finding('jwt', 'a/b'), suppressed: true },
    { name: 'another rule', allow: [{ rule: 'jwt' }], f: finding('npm-token', 'a/b'), suppressed: false },
  ])('$name', ({ allow, f, suppressed }) => {
    const [got] = applyAllowList([f], allow)

    expect(got?.suppressed !== undefined).toBe(suppressed)
  })

  it.each([
    { glob: 'srv/**', path: 'srv/a/b.txt', want: true },
    { glob: 'srv/*.txt', path: 'srv/a/b.txt', want: false },
    { glob: '**/.env', path: 'srv/app/.env', want: true },
    { glob: '**/.env', path: '.env', want: true },
    { glob: 'a?c', path: 'abc', want: true },
  ])('glob $glob vs $path', ({ glob, path, want }) => {
    expect(globToRegExp(glob).test(path)).toBe(want)
  })
})

describe('parseHashList', () => {
  it('reads sha256sum output and bare hashes', () => {
    const text = `# known bad\n${'A'.repeat(64)}  xmrig\n${'b'.repeat(64)}\n`

    expect(parseHashList(text)).toEqual([
      { sha256: 'a'.repeat(64), name: 'xmrig' },
      { sha256: 'b'.repeat(64), name: `known-bad ${'b'.repeat(12)}` },
    ])
  })

  it('rejects a malformed line with its number', () => {
    expect(() => parseHashList(`${'a'.repeat(64)}\nnot-a-hash\n`, 'bad.txt')).toThrow(expect.objectContaining({ name: 'UserError', code: 'INPUT_INVALID', message: expect.stringContaining('bad.txt:2') }))
  })
})
