import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { yarn } from './index.js'
import { nameFromDescriptor } from './parse-yarn-classic.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function npmPkg(name: string, version: string, namespace?: string) {
  const ns = namespace ? `${encodeURIComponent(namespace)}/` : ''
  return {
    name,
    ...(namespace ? { namespace } : {}),
    version,
    purl: `pkg:npm/${ns}${name}@${version}`,
    licenses: [],
  }
}

// Both lockfiles lock the same manifest (testdata/*/package.json); berry's also has resolve.
const COMMON = [
  npmPkg('helper-validator-identifier', '7.22.20', '@babel'),
  npmPkg('debug', '4.3.4'),
  npmPkg('has-flag', '3.0.0'),
  npmPkg('lodash', '4.17.15'),
  npmPkg('lodash', '4.17.21'),
  npmPkg('minimist', '1.2.0'),
  npmPkg('ms', '2.1.2'),
  npmPkg('ms', '2.1.3'),
]

describe('yarn.lock', () => {
  it.each([
    { name: 'classic v1 (yarn 1.22)', rel: 'classic/yarn.lock', extra: [] },
    {
      name: 'berry (yarn 4, __metadata v10), patch and workspace entries skipped',
      rel: 'berry/yarn.lock',
      extra: [
        npmPkg('function-bind', '1.1.2'),
        npmPkg('hasown', '2.0.4'),
        npmPkg('is-core-module', '2.18.0'),
        npmPkg('path-parse', '1.0.7'),
        npmPkg('resolve', '1.22.8'),
        npmPkg('supports-preserve-symlinks-flag', '1.0.0'),
      ],
    },
  ])('$name', async ({ rel, extra }) => {
    const res = await yarn.parse(await fileFromTestdata(TESTDATA, rel), ctx)

    expect(toFacts(res.packages)).toEqual(
      toFacts([...COMMON, ...extra].map((p) => ({ ...p, type: 'npm' as const, foundBy: 'yarn' }))),
    )
    expect(res.unknowns).toEqual([])
    expect(res.packages.every((p) => p.foundBy === 'yarn' && p.dev === undefined)).toBe(true)
    expect(res.packages[0]?.locations?.[0]?.path).toBe(rel)
    // each package at the header line of its entry, the next line giving its version
    const lines = (await (await fileFromTestdata(TESTDATA, rel)).read()).toString('utf8').split('\n')
    for (const p of res.packages) {
      const line = p.locations?.[0]?.line as number
      const full = p.namespace ? `${p.namespace}/${p.name}` : p.name
      expect(lines[line - 1], p.purl).toMatch(/^[^ ].*:$/)
      expect(lines[line - 1], p.purl).toContain(`${full}@`)
      expect(lines[line], p.purl).toBe(rel.startsWith('classic/') ? `  version "${p.version}"` : `  version: ${p.version}`)
    }
  })

  it.each([
    { d: 'lodash@^4.17.0', want: 'lodash' },
    { d: '@babel/core@7.0.0', want: '@babel/core' },
    { d: 'alias@npm:lodash@4.17.21', want: 'lodash' },
    { d: 'alias@npm:@scope/real@^1', want: '@scope/real' },
    { d: 'x@npm:1.0.0', want: 'x' },
    { d: 'local@file:../local', want: null },
    { d: 'ws@workspace:packages/ws', want: null },
    { d: 'noversion', want: undefined },
  ])('descriptor $d -> $want', ({ d, want }) => {
    expect(nameFromDescriptor(d)).toBe(want)
  })

  it.each([
    {
      name: 'classic: git dependency kept, local file skipped, entry without version an unknown',
      text: [
        '# yarn lockfile v1',
        '',
        '"gitdep@git+https://github.com/x/gitdep.git#abc":',
        '  version "1.2.3"',
        '  resolved "git+https://github.com/x/gitdep.git#abc"',
        '',
        '"local@file:./local":',
        '  version "0.0.1"',
        '',
        'nover@^1:',
        '  resolved "https://registry.yarnpkg.com/nover/-/nover-1.0.0.tgz"',
        '',
        'dup@^1, dup@^1.1:',
        '  version "1.1.0"',
        '  dependencies:',
        '    version "9.9.9"',
        '',
        'dup@^1.1.0:',
        '  version "1.1.0"',
      ].join('\n'),
      want: [npmPkg('dup', '1.1.0'), npmPkg('gitdep', '1.2.3')],
      unknowns: ['yarn.lock: entry at line 10 has no version'],
    },
    {
      name: 'berry: bad entries become unknowns',
      text: [
        '__metadata:',
        '  version: 8',
        '"a@npm:^1.10.0":',
        '  version: 1.10.0',
        '  resolution: "a@npm:1.10.0"',
        '"b@npm:1":',
        '  resolution: "b@npm:1.0.0"',
        '"c@npm:1": just a string',
        '"d@npm:1":',
        '  version: 1.0.0',
        '"e@https://example.com/e.tgz":',
        '  version: 2.0.0',
        '  resolution: "e@https://example.com/e.tgz"',
      ].join('\n'),
      want: [npmPkg('a', '1.10.0'), npmPkg('e', '2.0.0')],
      unknowns: [
        'yarn.lock: entry "b@npm:1" has no version',
        'yarn.lock: entry "c@npm:1" is not a mapping',
        'yarn.lock: entry "d@npm:1" has no resolution',
      ],
    },
  ])('$name', async ({ text, want, unknowns }) => {
    const res = await yarn.parse(fileFromBytes('app/yarn.lock', text), ctx)

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it.each([
    { name: 'binary', content: Buffer.from([0x00, 0x01, 0x02, 0xff]) },
    {
      name: 'truncated berry YAML',
      content: '__metadata:\n  version: 8\n"a@npm:1":\n  version: "1.0',
    },
    { name: 'berry multi-document', content: '__metadata: x\n---\n- a\n' },
    { name: 'classic garbage', content: 'this is not\na lockfile\n' },
  ])('hostile: $name gives one unknown', async ({ content }) => {
    const res = await yarn.parse(fileFromBytes('yarn.lock', content), ctx)

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
  })

  it.each([
    { path: 'app/yarn.lock', want: true },
    { path: 'yarn.lock', want: true },
    { path: 'app/node_modules/x/yarn.lock', want: false },
    { path: 'app/yarn.lock.orig', want: false },
  ])('match $path -> $want', ({ path, want }) => {
    expect(yarn.match(path, { mode: 0o100644, size: 1 })).toBe(want)
  })
})
