import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { pnpm } from './index.js'
import { parsePnpmKey } from './package-id.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function npmPkg(name: string, version: string, dev: boolean, namespace?: string) {
  const ns = namespace ? `${encodeURIComponent(namespace)}/` : ''
  return {
    name,
    ...(namespace ? { namespace } : {}),
    version,
    purl: `pkg:npm/${ns}${name}@${version}`,
    licenses: [],
    dev,
  }
}

// The same manifest locked by pnpm 7 (5.4), pnpm 8 (6.0) and pnpm 9 (9.0).
const LOCKED = [
  npmPkg('helper-validator-identifier', '7.22.20', false, '@babel'),
  npmPkg('debug', '4.3.4', false),
  npmPkg('has-flag', '3.0.0', true),
  npmPkg('lodash', '4.17.15', false),
  npmPkg('lodash', '4.17.21', false),
  npmPkg('minimist', '1.2.0', false),
  npmPkg('ms', '2.1.2', false),
  npmPkg('ms', '2.1.3', true),
]

describe('pnpm-lock.yaml', () => {
  it.each([
    { name: 'lockfileVersion 5.4 (pnpm 7)', rel: 'v5/pnpm-lock.yaml' },
    { name: 'lockfileVersion 6.0 (pnpm 8)', rel: 'v6/pnpm-lock.yaml' },
    {
      name: 'lockfileVersion 9.0 (pnpm 9), dev worked out from importers',
      rel: 'v9/pnpm-lock.yaml',
    },
  ])('$name', async ({ rel }) => {
    const res = await pnpm.parse(await fileFromTestdata(TESTDATA, rel), ctx)

    expect(toFacts(res.packages)).toEqual(
      toFacts(LOCKED.map((p) => ({ ...p, type: 'npm' as const, foundBy: 'pnpm' }))),
    )
    expect(res.unknowns).toEqual([])
    expect(res.packages.every((p) => p.foundBy === 'pnpm')).toBe(true)
    expect(res.packages[0]?.locations?.[0]?.path).toBe(rel)
    // each package at the line of its `packages` key, which names it and its version
    const lines = (await (await fileFromTestdata(TESTDATA, rel)).read()).toString('utf8').split('\n')
    for (const p of res.packages) {
      const line = p.locations?.[0]?.line as number
      const full = p.namespace ? `${p.namespace}/${p.name}` : p.name
      expect(lines[line - 1], p.purl).toMatch(/^ {2}\S.*:$/)
      expect(lines[line - 1], p.purl).toContain(full)
      expect(lines[line - 1], p.purl).toContain(p.version)
    }
  })

  it.each([
    { key: '/lodash/4.17.15', major: 5, want: { name: 'lodash', version: '4.17.15' } },
    {
      key: '/react-dom/17.0.2_react@17.0.2',
      major: 5,
      want: { name: 'react-dom', version: '17.0.2' },
    },
    {
      key: '/@s/x/1.0.0-rc.1_@babel+core@7.0.0',
      major: 5,
      want: { name: '@s/x', version: '1.0.0-rc.1' },
    },
    { key: 'registry.example.com/foo/1.0.0', major: 5, want: { name: 'foo', version: '1.0.0' } },
    {
      key: '/@s/x@1.0.0(react@18.2.0)(react-dom@18.2.0)',
      major: 6,
      want: { name: '@s/x', version: '1.0.0' },
    },
    {
      key: 'debug@4.3.4(supports-color@8.1.1)',
      major: 9,
      want: { name: 'debug', version: '4.3.4' },
    },
    {
      key: 'foo@https://codeload.github.com/u/foo/tar.gz/abc',
      major: 9,
      want: { name: 'foo', version: undefined },
    },
    { key: '/', major: 6, want: undefined },
  ])('key $key (v$major)', ({ key, major, want }) => {
    expect(parsePnpmKey(key, major)).toEqual(want)
  })

  it.each([
    {
      name: '6.0: peers, git entry with name and version, entry without either',
      text: [
        "lockfileVersion: '6.0'",
        'packages:',
        '  /@s/x@1.0.0(react@18.2.0):',
        '    resolution: {integrity: sha512-AAAA}',
        '    dev: true',
        '  github.com/u/gitdep/0123abc:',
        '    resolution: {tarball: https://codeload.github.com/u/gitdep/tar.gz/0123abc}',
        '    name: gitdep',
        '    version: 2.1.0',
        '  github.com/u/nameless/abc:',
        '    resolution: {tarball: https://codeload.github.com/u/nameless/tar.gz/abc}',
      ].join('\n'),
      want: [
        npmPkg('x', '1.0.0', true, '@s'),
        { ...npmPkg('gitdep', '2.1.0', false), dev: undefined },
      ],
      unknowns: ['pnpm-lock.yaml: package "github.com/u/nameless/abc" has no name and version'],
    },
    {
      name: '9.0: optional and transitive prod, peer snapshot, link importer, dev-only subtree',
      text: [
        "lockfileVersion: '9.0'",
        'importers:',
        '  .:',
        '    dependencies:',
        '      a: {specifier: ^1, version: 1.0.0(p@1.0.0)}',
        '      local: {specifier: link:../local, version: link:../local}',
        '    optionalDependencies:',
        '      o: {specifier: ^1, version: 1.0.0}',
        '    devDependencies:',
        '      t: {specifier: ^1, version: 1.0.0}',
        '  packages/w:',
        '    dependencies:',
        '      al: {specifier: npm:w-real@2, version: w-real@2.0.0}',
        'packages:',
        '  a@1.0.0: {resolution: {integrity: x}}',
        '  b@1.0.0: {resolution: {integrity: x}}',
        '  o@1.0.0: {resolution: {integrity: x}}',
        '  p@1.0.0: {resolution: {integrity: x}}',
        '  t@1.0.0: {resolution: {integrity: x}}',
        '  u@1.0.0: {resolution: {integrity: x}}',
        '  w-real@2.0.0: {resolution: {integrity: x}}',
        'snapshots:',
        '  a@1.0.0(p@1.0.0):',
        '    dependencies: {b: 1.0.0, p: 1.0.0}',
        '  b@1.0.0: {}',
        '  o@1.0.0: {}',
        '  p@1.0.0: {}',
        '  t@1.0.0:',
        '    dependencies: {u: 1.0.0, b: 1.0.0}',
        '  u@1.0.0: {}',
        '  w-real@2.0.0: {}',
      ].join('\n'),
      want: [
        npmPkg('a', '1.0.0', false),
        npmPkg('b', '1.0.0', false),
        npmPkg('o', '1.0.0', false),
        npmPkg('p', '1.0.0', false),
        npmPkg('t', '1.0.0', true),
        npmPkg('u', '1.0.0', true),
        npmPkg('w-real', '2.0.0', false),
      ],
      unknowns: [],
    },
  ])('$name', async ({ text, want, unknowns }) => {
    const res = await pnpm.parse(fileFromBytes('app/pnpm-lock.yaml', text), ctx)

    expect(toFacts(res.packages)).toEqual(
      toFacts(
        want.map((p) => {
          const { dev, ...rest } = p
          return {
            ...rest,
            ...(dev === undefined ? {} : { dev }),
            type: 'npm' as const,
            foundBy: 'pnpm',
          }
        }),
      ),
    )
    expect(res.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it.each([
    { name: 'binary', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]) },
    {
      name: 'truncated YAML',
      content: "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: {resolution: {integ",
    },
    { name: 'no lockfileVersion', content: 'packages:\n  /a/1.0.0: {}\n' },
    { name: 'YAML list', content: '- a\n- b\n' },
  ])('hostile: $name gives one unknown', async ({ content }) => {
    const res = await pnpm.parse(fileFromBytes('pnpm-lock.yaml', content), ctx)

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
  })

  it.each([
    { path: 'app/pnpm-lock.yaml', want: true },
    { path: 'app/node_modules/x/pnpm-lock.yaml', want: false },
    { path: 'app/pnpm-lock.yml', want: false },
  ])('match $path -> $want', ({ path, want }) => {
    expect(pnpm.match(path, { mode: 0o100644, size: 1 })).toBe(want)
  })
})
