import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { npm } from './index.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function mit(name: string, version: string, extra: { namespace?: string; dev?: boolean } = {}) {
  const ns = extra.namespace ? `${encodeURIComponent(extra.namespace)}/` : ''
  return {
    name,
    ...(extra.namespace ? { namespace: extra.namespace } : {}),
    version,
    purl: `pkg:npm/${ns}${name}@${version}`,
    licenses: ['MIT'],
    dev: extra.dev ?? false,
  }
}

// The same install (package.json in testdata) locked by npm 6 (v1), npm 10 with
// --lockfile-version=2 (v2) and npm 10 (v3): all must give the same packages.
const LOCKED = [
  mit('helper-validator-identifier', '7.22.20', { namespace: '@babel' }),
  mit('debug', '4.3.4'),
  mit('has-flag', '3.0.0', { dev: true }),
  mit('lodash', '4.17.15'),
  mit('lodash', '4.17.21'),
  mit('minimist', '1.2.0'),
  mit('ms', '2.1.2'),
  mit('ms', '2.1.3', { dev: true }),
]

describe('npm package-lock.json', () => {
  it.each([
    { name: 'v3 (npm 10)', rel: 'app/package-lock.json', licensed: true },
    { name: 'v2 (npm 10 --lockfile-version=2)', rel: 'lock-v2/package-lock.json', licensed: true },
    // v1 entries carry no license field.
    { name: 'v1 (npm 6)', rel: 'lock-v1/package-lock.json', licensed: false },
  ])('$name', async ({ rel, licensed }) => {
    const file = await fileFromTestdata(TESTDATA, rel)

    const res = await npm.parse(file, ctx)

    const want = LOCKED.map((p) => (licensed ? p : { ...p, licenses: [] }))
    expect(toFacts(res.packages)).toEqual(
      toFacts(want.map((p) => ({ ...p, type: 'npm', foundBy: 'npm' }))),
    )
    expect(res.unknowns).toEqual([])
    expect(res.packages.every((p) => p.foundBy === 'npm' && p.type === 'npm')).toBe(true)
    const loc = res.packages[0]?.locations?.[0]
    expect(loc?.path).toBe(rel)
    // v2 and v3 name the line of the entry; v1's nested tree gives none
    if (rel.startsWith('lock-v1')) expect(loc?.line).toBeUndefined()
    else expect(loc?.line).toBeGreaterThan(1)
  })

  it('points each v2/v3 package at the line of its first entry, whatever the indentation', async () => {
    const rel = 'app/package-lock.json'
    const text = (await (await fileFromTestdata(TESTDATA, rel)).read()).toString('utf8')
    const tabs = JSON.stringify(JSON.parse(text), null, '\t')
    const minified = JSON.stringify(JSON.parse(text))

    for (const body of [text, tabs]) {
      const res = await npm.parse(fileFromBytes(rel, Buffer.from(body)), ctx)
      const lines = body.split('\n')
      for (const p of res.packages) {
        const line = p.locations?.[0]?.line as number
        const full = p.namespace ? `${p.namespace}/${p.name}` : p.name
        // an entry of the packages map (an alias is installed under another folder name)...
        expect(lines[line - 1], `${full}@${p.version}`).toMatch(/^\s+"[^"]*node_modules\/[^"]+": \{$/)
        // ...whose version is the package's
        expect(lines.slice(line, line + 3).join('\n')).toContain(`"version": "${p.version}"`)
      }
    }
    const flat = await npm.parse(fileFromBytes(rel, Buffer.from(minified)), ctx)
    expect(flat.packages.every((p) => p.locations?.[0]?.line === undefined)).toBe(true)
    expect(flat.packages).toHaveLength(8)
  })

  it.each([
    {
      name: 'v3 workspace folder and link are project code',
      doc: {
        lockfileVersion: 3,
        packages: {
          '': { name: 'root', version: '1.0.0', workspaces: ['packages/*'] },
          'packages/a': { name: 'a', version: '0.1.0', license: 'MIT' },
          'node_modules/a': { resolved: 'packages/a', link: true },
          'node_modules/@s/b': { version: '2.0.0', license: { type: 'ISC' }, dev: true },
          'packages/a/node_modules/c': { version: '3.0.0', devOptional: true },
        },
      },
      want: [
        {
          name: 'b',
          namespace: '@s',
          version: '2.0.0',
          purl: 'pkg:npm/%40s/b@2.0.0',
          licenses: ['ISC'],
          dev: true,
        },
        { name: 'c', version: '3.0.0', purl: 'pkg:npm/c@3.0.0', licenses: [], dev: false },
      ],
      unknowns: [],
    },
    {
      name: 'v1 local, git and bad entries',
      doc: {
        lockfileVersion: 1,
        dependencies: {
          local: { version: 'file:../local' },
          gitdep: { version: 'git+https://github.com/x/y.git#0123456789abcdef' },
          nover: { resolved: 'https://registry.npmjs.org/nover/-/nover-1.0.0.tgz' },
          notobj: 'oops',
          ok: { version: '1.0.0', dev: true },
        },
      },
      want: [{ name: 'ok', version: '1.0.0', purl: 'pkg:npm/ok@1.0.0', licenses: [], dev: true }],
      unknowns: [
        'package-lock: "gitdep" has a non-registry version',
        'package-lock: "nover" has no version',
        'package-lock: dependency "notobj" is not an object',
      ],
    },
    {
      name: 'v3 entry without version and invalid name',
      doc: {
        lockfileVersion: 3,
        packages: { 'node_modules/x': {}, 'node_modules/a/b/c': { version: '1.0.0' } },
      },
      want: [],
      unknowns: [
        'package-lock: "node_modules/x" has no version',
        'package-lock: invalid package name "a/b/c"',
      ],
    },
  ])('$name', async ({ doc, want, unknowns }) => {
    const file = fileFromBytes('srv/package-lock.json', JSON.stringify(doc))

    const res = await npm.parse(file, ctx)

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it.each([
    {
      name: 'truncated JSON',
      content: '{"lockfileVersion": 3, "packages": {"node_modules/a": {"vers',
    },
    {
      name: 'binary garbage',
      content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01]),
    },
    { name: 'JSON array', content: '[1,2,3]' },
    { name: 'not a lockfile', content: '{"hello":"world"}' },
  ])('hostile: $name gives one unknown', async ({ content }) => {
    const file = fileFromBytes('package-lock.json', content)

    const res = await npm.parse(file, ctx)

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
    expect(res.unknowns[0]?.path).toBe('package-lock.json')
  })

  it('hostile: a v1 tree nested beyond the depth bound stops with an unknown', async () => {
    let deps: Record<string, unknown> = { leaf: { version: '1.0.0' } }
    for (let i = 0; i < 200; i++) deps = { [`d${i}`]: { version: '1.0.0', dependencies: deps } }
    const file = fileFromBytes(
      'package-lock.json',
      JSON.stringify({ lockfileVersion: 1, dependencies: deps }),
    )

    const res = await npm.parse(file, ctx)

    expect(res.unknowns.map((u) => u.reason)).toEqual([
      'package-lock: dependencies nested too deep',
    ])
    expect(res.packages.length).toBeGreaterThan(100)
  })
})
