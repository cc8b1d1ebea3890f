import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bufferFile, fixtureFile } from '../internal/os-fixture.js'
import { apkAnalyzer } from './index.js'

const TESTDATA = join(import.meta.dirname, 'testdata')
const DB = 'lib/apk/db/installed'

describe('apk installed database', () => {
  it.each([
    {
      root: 'alpine-3.19',
      want: [
        ['bash', '5.2.21-r0', 'x86_64', 'GPL-3.0-or-later', 'bash', 0],
        ['busybox-binsh', '1.36.1-r15', 'x86_64', 'GPL-2.0-only', 'busybox', 1],
        ['musl', '1.2.4_git20230717-r4', 'x86_64', 'MIT', 'musl', 2],
        ['readline', '8.2.1-r2', 'x86_64', 'GPL-2.0-or-later', 'readline', 2],
      ],
    },
    {
      root: 'alpine-3.4',
      want: [
        ['musl', '1.1.14-r10', 'x86_64', 'MIT', 'musl', 2],
        ['busybox', '1.24.2-r9', 'x86_64', 'GPL2', 'busybox', 5],
        ['zlib', '1.2.8-r2', 'x86_64', 'zlib', 'zlib', 2],
        ['libssl1.0', '1.0.2h-r1', 'x86_64', 'openssl', 'openssl', 2],
        ['scanelf', '1.1.6-r0', 'x86_64', 'GPL2', 'pax-utils', 1],
        ['musl-utils', '1.1.14-r10', 'x86_64', 'MIT BSD GPL2+', 'musl', 5],
      ],
    },
  ])('$root', async ({ root, want }) => {
    const result = await apkAnalyzer.parse(await fixtureFile(join(TESTDATA, root), DB))

    expect(result.unknowns).toEqual([])
    expect(
      result.packages.map((p, i) => [
        p.name,
        p.version,
        p.arch,
        p.licenses.join('|'),
        p.source?.name,
        result.ownership?.[i]?.files.length,
      ]),
    ).toEqual(want)
    expect(result.packages.every((p) => p.source?.version === p.version)).toBe(true)
  })

  it('joins F folders and R files into owned paths', async () => {
    const result = await apkAnalyzer.parse(await fixtureFile(join(TESTDATA, 'alpine-3.19'), DB))

    expect(result.ownership?.find((o) => o.name === 'readline')).toEqual({
      type: 'apk',
      name: 'readline',
      arch: 'x86_64',
      files: ['etc/inputrc', 'usr/lib/libreadline.so.8'],
    })
    expect(result.packages[2]).toMatchObject({
      type: 'apk',
      foundBy: 'apk',
      purl: 'pkg:apk/musl@1.2.4_git20230717-r4?arch=x86_64',
      locations: [{ path: DB, line: 37 }],
    })
  })

  it.each([
    { name: 'package without version', text: 'P:a\n\nP:b\nV:1.0-r0\n', names: ['b'], unknowns: 1 },
    { name: 'truncated mid-line', text: 'P:a\nV:1.0-r0\nA:x8', names: ['a'], unknowns: 0 },
    {
      name: 'not a field line',
      text: 'P:a\nV:1.0-r0\nhello\n\nP:b\nV:2-r0\n',
      names: ['b'],
      unknowns: 1,
    },
    { name: 'binary garbage', text: '\u0000\u00ff\u0001\nP\u0000x\n', names: [], unknowns: 1 },
    { name: 'bad version', text: 'P:a\nV:-1\n', names: [], unknowns: 1 },
    { name: 'bad name', text: 'P:../a\nV:1\n', names: [], unknowns: 1 },
    { name: 'huge line', text: `P:a\nV:1-r0\nT:${'x'.repeat(100_000)}\n`, names: [], unknowns: 1 },
    {
      name: 'path traversal in R is dropped',
      text: 'P:a\nV:1-r0\nF:etc\nR:../x\nR:..\nR:ok\n',
      names: ['a'],
      unknowns: 0,
    },
    {
      name: 'path traversal in F is dropped',
      text: 'P:a\nV:1-r0\nF:../../etc\nR:x\nF:ok\nR:y\n',
      names: ['a'],
      unknowns: 0,
    },
  ])('hostile: $name', async ({ text, names, unknowns }) => {
    const result = await apkAnalyzer.parse(bufferFile(DB, text))

    expect(result.packages.map((p) => p.name)).toEqual(names)
    expect(result.unknowns).toHaveLength(unknowns)
    expect(result.ownership?.flatMap((o) => o.files).some((f) => f.includes('..'))).toBe(false)
  })
})
