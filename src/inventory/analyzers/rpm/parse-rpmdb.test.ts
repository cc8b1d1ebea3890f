import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bufferFile, fixtureFile } from '../internal/os-fixture.js'
import { rpmAnalyzer } from './index.js'
import { parseRpmDatabase } from './parse-rpmdb.js'

const TESTDATA = join(import.meta.dirname, 'testdata')

/** rpm's own answer for a fixture (rpm -qa --qf, recorded by make-fixtures.sh), in our shape. */
async function rpmQa(root: string) {
  const tsv = await readFile(join(TESTDATA, root, 'rpm-qa.tsv'), 'utf8')
  return tsv
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [name, epoch, version, release, arch, license, srpm, , files] = l.split(
        '\t',
      ) as string[]
      const e = epoch === '0' ? '' : `${epoch}:`
      const src = /^(.+)-([^-]+)-([^-]+)\.src\.rpm$/.exec(srpm as string)
      return {
        name,
        version: `${e}${version}-${release}`,
        arch,
        licenses: [license],
        source: src ? { name: src[1], version: `${e}${src[2]}-${src[3]}` } : undefined,
        files: (files as string)
          .split(' ')
          .filter(Boolean)
          .map((f) => f.slice(1)),
      }
    })
}

const byName = (a: { name?: string }, b: { name?: string }) =>
  (a.name ?? '').localeCompare(b.name ?? '')

describe('rpm databases', () => {
  it.each([
    { root: 'sqlite', path: 'var/lib/rpm/rpmdb.sqlite' },
    { root: 'bdb-4096', path: 'var/lib/rpm/Packages' },
    { root: 'bdb-512', path: 'var/lib/rpm/Packages' },
    { root: 'ndb', path: 'var/lib/rpm/Packages.db' },
  ])('$root matches rpm -qa', async ({ root, path }) => {
    const want = await rpmQa(root)
    const file = await fixtureFile(join(TESTDATA, root), path)

    const result = await rpmAnalyzer.parse(file)
    const got = result.packages.map((p) => ({
      name: p.name,
      version: p.version,
      arch: p.arch,
      licenses: p.licenses,
      source: p.source,
      files: result.ownership?.find((o) => o.name === p.name)?.files,
    }))

    expect(result.unknowns).toEqual([])
    expect(want.map((w) => w.name)).toContain('gpg-pubkey')
    expect(got.sort(byName)).toEqual(want.filter((w) => w.name !== 'gpg-pubkey').sort(byName))
    expect(got.find((g) => g.name === 'bulwark-many')?.files).toHaveLength(302)
  })

  it('writes a provisional purl without namespace or distro', async () => {
    const file = await fixtureFile(join(TESTDATA, 'sqlite'), 'var/lib/rpm/rpmdb.sqlite')

    const { packages } = await rpmAnalyzer.parse(file)

    expect(packages.find((p) => p.name === 'bulwark-epoch')).toMatchObject({
      type: 'rpm',
      foundBy: 'rpm',
      purl: 'pkg:rpm/bulwark-epoch@2:3.4.5-6.el9?arch=noarch',
      locations: [{ path: 'var/lib/rpm/rpmdb.sqlite' }],
    })
  })

  it.each([
    { size: 0, unknowns: 0 },
    { size: 4152, unknowns: 1 },
  ])(
    'a SQLite write-ahead log of $size bytes gives $unknowns unknown',
    async ({ size, unknowns }) => {
      const wal = bufferFile('var/lib/rpm/rpmdb.sqlite-wal', Buffer.alloc(size))

      const result = await rpmAnalyzer.parse(wal)

      expect(result.packages).toEqual([])
      expect(result.unknowns).toHaveLength(unknowns)
    },
  )

  it('an NDB blob whose checksum fails is an unknown; the others are kept', async () => {
    const real = await readFile(join(TESTDATA, 'ndb', 'var/lib/rpm/Packages.db'))
    const broken = Buffer.from(real)
    const at = broken.indexOf(Buffer.from('bulwark-hello\0'))
    broken[at] = 0x42 // "Bulwark-hello": still a header, but no longer the blob rpm wrote

    const r = parseRpmDatabase(broken, 'var/lib/rpm/Packages.db', 'ndb')

    expect(r.packages.map((p) => p.name).sort()).toEqual([
      'bulwark-epoch',
      'bulwark-many',
      'bulwark-tilde',
    ])
    expect(r.unknowns).toEqual([
      { path: 'var/lib/rpm/Packages.db', reason: expect.stringMatching(/checksum mismatch/) },
    ])
  })
})

describe('rpm databases, hostile', () => {
  it.each([
    { name: 'empty sqlite', path: 'var/lib/rpm/rpmdb.sqlite', data: Buffer.alloc(0) },
    {
      name: 'text as sqlite',
      path: 'var/lib/rpm/rpmdb.sqlite',
      data: Buffer.from('SQLite format 3\0'.padEnd(4096, 'x')),
    },
    { name: 'garbage as bdb', path: 'var/lib/rpm/Packages', data: Buffer.alloc(8192, 0xa5) },
    { name: 'short ndb', path: 'var/lib/rpm/Packages.db', data: Buffer.from('RpmP') },
    {
      name: 'ndb with huge slot page count',
      path: 'var/lib/rpm/Packages.db',
      data: ndbHeader(0xffffffff),
    },
  ])('$name -> one unknown', async ({ path, data }) => {
    const result = await rpmAnalyzer.parse(bufferFile(path, data))

    expect(result.packages).toEqual([])
    expect(result.unknowns).toHaveLength(1)
  })

  it.each([
    { root: 'sqlite', path: 'var/lib/rpm/rpmdb.sqlite', format: 'sqlite' as const },
    { root: 'bdb-512', path: 'var/lib/rpm/Packages', format: 'bdb' as const },
    { root: 'ndb', path: 'var/lib/rpm/Packages.db', format: 'ndb' as const },
  ])('$root: truncations and flipped bytes never throw', async ({ root, path, format }) => {
    const real = await readFile(join(TESTDATA, root, path))
    let degraded = 0

    const step = Math.max(61, Math.floor(real.length / 150))
    for (let at = 0; at < real.length; at += step) {
      const flipped = Buffer.from(real)
      flipped[at] = (flipped[at] as number) ^ 0xff
      for (const buf of [real.subarray(0, at), flipped]) {
        const r = parseRpmDatabase(buf, path, format)
        if (r.unknowns.length > 0) degraded++
        expect(r.packages.length + r.unknowns.length).toBeGreaterThan(0)
      }
    }

    expect(degraded).toBeGreaterThan(0)
  })

  it('a broken header is an unknown; the others are kept', async () => {
    const real = await readFile(join(TESTDATA, 'bdb-4096', 'var/lib/rpm/Packages'))
    const broken = Buffer.from(real)
    // The header of bulwark-hello: its index count is the 4 bytes before the first index entry.
    const at = broken.indexOf(Buffer.from('bulwark-hello\0'))
    const start = findHeaderStart(broken, at)
    broken.writeUInt32BE(0x7fffffff, start)

    const r = parseRpmDatabase(broken, 'var/lib/rpm/Packages', 'bdb')

    expect(r.packages.map((p) => p.name).sort()).toEqual([
      'bulwark-epoch',
      'bulwark-many',
      'bulwark-tilde',
    ])
    expect(r.unknowns).toEqual([
      { path: 'var/lib/rpm/Packages', reason: expect.stringMatching(/implausible header sizes/) },
    ])
  })
})

/** Walks back from a string in a header's data store to the header's first byte. */
function findHeaderStart(buf: Buffer, inData: number): number {
  for (let s = inData - 8; s >= 0; s--) {
    const il = buf.readUInt32BE(s)
    const dl = buf.readUInt32BE(s + 4)
    const dataStart = s + 8 + il * 16
    if (
      il > 0 &&
      il < 200 &&
      dataStart <= inData &&
      inData < dataStart + dl &&
      buf.readUInt32BE(s + 8) === 63
    )
      return s
  }
  throw new Error('header not found')
}

/** An NDB file header (magic, version 0, generation, slot page count) padded to one page. */
function ndbHeader(slotPages: number): Buffer {
  const b = Buffer.alloc(4096)
  b.write('RpmP', 0, 'latin1')
  b.writeUInt32LE(slotPages, 12)
  return b
}
