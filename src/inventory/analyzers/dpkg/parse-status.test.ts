import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bufferFile, fixtureFile } from '../internal/os-fixture.js'
import { dpkgAnalyzer } from './index.js'

const TESTDATA = join(import.meta.dirname, 'testdata')

/** The installed rows of dpkg-query's own listing of a fixture (README.md says how it was made). */
async function dpkgQueryInstalled(root: string) {
  const tsv = await readFile(join(TESTDATA, root, 'dpkg-query.tsv'), 'utf8')
  return tsv
    .split('\n')
    .filter((l) => /^[ih]i /.test(l))
    .map((l) => {
      const [, name, version, arch, srcName, srcVersion] = l.split('\t') as string[]
      return { name, version, arch, source: { name: srcName, version: srcVersion } }
    })
}

describe('dpkg status', () => {
  it.each([
    { root: 'debian-12', count: 8 },
    { root: 'dpkg-made', count: 3 },
  ])('$root matches dpkg-query', async ({ root, count }) => {
    const want = await dpkgQueryInstalled(root)
    const file = await fixtureFile(join(TESTDATA, root), 'var/lib/dpkg/status')

    const result = await dpkgAnalyzer.parse(file)

    expect(result.unknowns).toEqual([])
    expect(want).toHaveLength(count)
    expect(
      result.packages.map(({ name, version, arch, source }) => ({ name, version, arch, source })),
    ).toEqual(want)
  })

  it('writes a provisional purl and the declaring line', async () => {
    const file = await fixtureFile(join(TESTDATA, 'debian-12'), 'var/lib/dpkg/status')

    const { packages } = await dpkgAnalyzer.parse(file)
    const login = packages.find((p) => p.name === 'login')

    expect(login).toMatchObject({
      type: 'deb',
      foundBy: 'dpkg',
      licenses: [],
      purl: 'pkg:deb/login@1:4.13%2Bdfsg1-1%2Bdeb12u1?arch=amd64',
      locations: [{ path: 'var/lib/dpkg/status' }],
    })
    expect(login?.locations?.[0]?.line).toBeGreaterThan(1)
  })

  it('reads distroless status.d entries (no Status field) and skips md5sums', async () => {
    const root = join(TESTDATA, 'distroless')
    const dir = 'var/lib/dpkg/status.d/'

    const results = await Promise.all(
      ['hello', 'libgmp10'].map(async (n) => dpkgAnalyzer.parse(await fixtureFile(root, dir + n))),
    )

    expect(dpkgAnalyzer.match(`${dir}libgmp10.md5sums`)).toBe(false)
    expect(dpkgAnalyzer.match(`${dir}libgmp10`)).toBe(true)
    expect(results.flatMap((r) => r.unknowns)).toEqual([])
    expect(results.flatMap((r) => r.packages).map((p) => [p.name, p.version, p.source])).toEqual([
      ['hello', '2.10-3', { name: 'hello', version: '2.10-3' }],
      ['libgmp10', '2:6.2.1+dfsg1-1.1', { name: 'gmp', version: '2:6.2.1+dfsg1-1.1' }],
    ])
  })

  it('requires Status in var/lib/dpkg/status', async () => {
    const text = 'Package: a\nVersion: 1\nArchitecture: all\n'

    const inStatus = await dpkgAnalyzer.parse(bufferFile('var/lib/dpkg/status', text))
    const inStatusD = await dpkgAnalyzer.parse(bufferFile('var/lib/dpkg/status.d/a', text))

    expect(inStatus.packages).toEqual([])
    expect(inStatus.unknowns).toEqual([
      { path: 'var/lib/dpkg/status', reason: 'line 1: no Status field' },
    ])
    expect(inStatusD.packages.map((p) => p.name)).toEqual(['a'])
  })

  it.each([
    ['install ok installed', true],
    ['hold ok installed', true],
    ['install ok triggers-pending', true],
    ['install ok triggers-awaited', true],
    ['install ok unpacked', false],
    ['install ok half-configured', false],
    ['install reinstreq half-installed', false],
    ['deinstall ok config-files', false],
    ['deinstall ok installed', false],
    ['purge ok not-installed', false],
  ])('Status: %s -> kept %s', async (status, kept) => {
    const text = `Package: a\nStatus: ${status}\nVersion: 1\n`

    const result = await dpkgAnalyzer.parse(bufferFile('var/lib/dpkg/status', text))

    expect(result.packages).toHaveLength(kept ? 1 : 0)
    expect(result.unknowns).toEqual([])
  })

  it.each([
    {
      name: 'truncated stanza (no Version) between good ones',
      text: 'Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\n\nPackage: c\nStatus: install ok installed\nVersion: 2\n',
      names: ['a', 'c'],
      unknowns: 1,
    },
    {
      name: 'continuation line first',
      text: ' orphan\nPackage: a\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n',
      names: ['b'],
      unknowns: 1,
    },
    {
      name: 'line that is not a field',
      text: 'Package: a\nStatus: install ok installed\nVersion 1\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n',
      names: ['b'],
      unknowns: 1,
    },
    {
      name: 'bad Status, bad Source, bad version, duplicate field',
      text:
        'Package: a\nStatus: installed\nVersion: 1\n\n' +
        'Package: b\nStatus: install ok installed\nVersion: 1\nSource: x (y) z\n\n' +
        'Package: c\nStatus: install ok installed\nVersion: 1 2\n\n' +
        'Package: d\nPackage: d\nStatus: install ok installed\nVersion: 1\n',
      names: [],
      unknowns: 4,
    },
    {
      name: 'binary garbage',
      text: Buffer.from([0x00, 0xff, 0x13, 0x0a, 0x50, 0x3a, 0x0a, 0x0a, 0xde, 0xad]).toString(
        'latin1',
      ),
      names: [],
      unknowns: 2,
    },
    {
      name: 'huge description is cut, package kept',
      text:
        'Package: a\nStatus: install ok installed\nVersion: 1\nDescription: x\n' +
        ' y\n'.repeat(100_000),
      names: ['a'],
      unknowns: 0,
    },
  ])('hostile: $name', async ({ text, names, unknowns }) => {
    const result = await dpkgAnalyzer.parse(bufferFile('var/lib/dpkg/status', text))

    expect(result.packages.map((p) => p.name)).toEqual(names)
    expect(result.unknowns).toHaveLength(unknowns)
  })
})
