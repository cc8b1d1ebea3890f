import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { npm } from './index.js'
import { npmFileKind } from './paths.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function npmPkg(name: string, version: string, licenses: string[], namespace?: string) {
  const ns = namespace ? `${encodeURIComponent(namespace)}/` : ''
  return {
    name,
    ...(namespace ? { namespace } : {}),
    version,
    purl: `pkg:npm/${ns}${name}@${version}`,
    licenses,
  }
}

describe('npm path predicate', () => {
  it.each([
    { path: 'app/node_modules/lodash/package.json', want: 'installed' },
    { path: 'node_modules/@babel/core/package.json', want: 'installed' },
    { path: 'app/node_modules/a/node_modules/@s/b/package.json', want: 'installed' },
    {
      path: 'app/node_modules/.pnpm/lodash@4.17.15/node_modules/lodash/package.json',
      want: 'installed',
    },
    { path: 'usr/lib/node_modules/npm/package.json', want: 'installed' },
    { path: 'app/package.json', want: 'app' },
    { path: 'package.json', want: 'app' },
    { path: 'app/package-lock.json', want: 'lockfile' },
    { path: 'app/npm-shrinkwrap.json', want: 'lockfile' },
    { path: 'app/node_modules/lodash/lib/package.json', want: undefined },
    { path: 'app/node_modules/@scope/package.json', want: undefined },
    { path: 'app/node_modules/.package-lock.json', want: undefined },
    { path: 'app/node_modules/x/package-lock.json', want: undefined },
    { path: 'app/node_modules/.bin/package.json', want: undefined },
    { path: 'app/node_modules/@/x/package.json', want: undefined },
    { path: 'app/package.json.bak', want: undefined },
    { path: 'app/yarn.lock', want: undefined },
  ])('$path -> $want', ({ path, want }) => {
    expect(npmFileKind(path)).toBe(want)
    expect(npm.match(path, { mode: 0o100644, size: 1 })).toBe(want !== undefined)
  })
})

describe('npm package.json', () => {
  it('reads every installed package.json of a real npm install (nested, scoped, aliased)', async () => {
    const rels = (await readdir(TESTDATA, { recursive: true }))
      .map((p) => p.split('\\').join('/'))
      .filter((p) => p.endsWith('package.json'))
      .filter((p) => npmFileKind(p) === 'installed')

    const pkgs = []
    for (const rel of rels) {
      const res = await npm.parse(await fileFromTestdata(TESTDATA, rel), ctx)
      expect(res.unknowns).toEqual([])
      pkgs.push(...res.packages)
    }

    expect(toFacts(pkgs)).toEqual([
      npmPkg('helper-validator-identifier', '7.22.20', ['MIT'], '@babel'),
      npmPkg('debug', '4.3.4', ['MIT']),
      npmPkg('has-flag', '3.0.0', ['MIT']),
      npmPkg('lodash', '4.17.15', ['MIT']),
      npmPkg('lodash', '4.17.21', ['MIT']),
      npmPkg('minimist', '1.2.0', ['MIT']),
      npmPkg('ms', '2.1.2', ['MIT']),
      npmPkg('ms', '2.1.3', ['MIT']),
    ])
    expect(pkgs.find((p) => p.version === '2.1.2')?.locations).toEqual([
      { path: 'app/node_modules/debug/node_modules/ms/package.json' },
    ])
  })

  it.each([
    {
      name: 'app manifest with name and version is a package',
      path: 'app/package.json',
      json: { name: 'bulwark-npm-fixture', version: '1.0.0', private: true },
      want: [npmPkg('bulwark-npm-fixture', '1.0.0', [])],
      unknowns: [],
    },
    {
      name: 'app manifest without version gives nothing',
      path: 'srv/package.json',
      json: { name: 'srv', private: true },
      want: [],
      unknowns: [],
    },
    {
      name: 'legacy licenses array',
      path: 'node_modules/old/package.json',
      json: {
        name: 'old',
        version: '0.1.0',
        licenses: [{ type: 'MIT', url: 'x' }, { type: 'Apache-2.0' }],
      },
      want: [npmPkg('old', '0.1.0', ['MIT', 'Apache-2.0'])],
      unknowns: [],
    },
    {
      name: 'deprecated license object and SPDX expression',
      path: 'node_modules/@s/obj/package.json',
      json: { name: '@s/obj', version: '2.0.0-rc.1', license: { type: '(MIT OR Apache-2.0)' } },
      want: [npmPkg('obj', '2.0.0-rc.1', ['(MIT OR Apache-2.0)'], '@s')],
      unknowns: [],
    },
    {
      name: 'installed without version is an unknown',
      path: 'node_modules/nover/package.json',
      json: { name: 'nover' },
      want: [],
      unknowns: ['package.json: no name or version'],
    },
    {
      name: 'installed with an invalid name is an unknown',
      path: 'node_modules/bad/package.json',
      json: { name: 'a/b/c', version: '1.0.0' },
      want: [],
      unknowns: ['package.json: invalid name "a/b/c"'],
    },
    {
      name: 'non-string fields are ignored',
      path: 'node_modules/weird/package.json',
      json: { name: ['weird'], version: 1 },
      want: [],
      unknowns: ['package.json: no name or version'],
    },
  ])('$name', async ({ path, json, want, unknowns }) => {
    const res = await npm.parse(fileFromBytes(path, JSON.stringify(json)), ctx)

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it.each([
    { name: 'truncated', content: '{"name": "lodash", "vers' },
    { name: 'binary', content: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x00]) },
    { name: 'latin-1 bytes', content: Buffer.from([0x7b, 0xe9, 0x7d]) },
  ])('hostile: $name gives one unknown and no package', async ({ content }) => {
    const res = await npm.parse(fileFromBytes('node_modules/x/package.json', content), ctx)

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
  })
})
