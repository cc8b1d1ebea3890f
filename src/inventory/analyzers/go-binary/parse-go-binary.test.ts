import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FileInput } from '../../analyzer.js'
import { writeElf } from '../internal/elf-writer.js'
import { goBinary } from './index.js'

const TESTDATA = join(import.meta.dirname, 'testdata')

function input(path: string, buf: Buffer): FileInput {
  return { path, size: buf.length, mode: 0o755, read: () => Promise.resolve(buf) }
}

async function parse(
  path: string,
  buf: Buffer,
): Promise<Awaited<ReturnType<typeof goBinary.parse>>> {
  return goBinary.parse(input(path, buf))
}

/** Module info wrapped in the linker's 16-byte sentinels (runtime/debug/mod.go). */
function wrapModinfo(text: string): Buffer {
  const start = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex')
  const end = Buffer.from('f932433186182072008242104116d8f2', 'hex')
  return Buffer.concat([start, Buffer.from(text), end])
}

function uvarint(n: number): Buffer {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return Buffer.from(out)
}

/** A Go 1.18+ inline-format .go.buildinfo section. */
function inlineBuildinfo(version: string, mod: Buffer): Buffer {
  const header = Buffer.alloc(32)
  header.write('\xff Go buildinf:', 0, 'latin1')
  header[14] = 8
  header[15] = 2
  const v = Buffer.from(version)
  return Buffer.concat([header, uvarint(v.length), v, uvarint(mod.length), mod])
}

type Want = { name: string; namespace?: string; version: string; purl: string }

const pkg = (path: string, version: string, purl: string): Want => {
  const cut = path.lastIndexOf('/')
  return cut > 0
    ? { namespace: path.slice(0, cut), name: path.slice(cut + 1), version, purl }
    : { name: path, version, purl }
}

describe('go-binary: real binaries (sections copied from them, see testdata/README.md)', () => {
  it.each([
    {
      name: 'esbuild 0.18.20 (go1.20.7, inline format, main module (devel) skipped)',
      file: 'esbuild-0.18.20.buildinfo.elf',
      want: [
        pkg(
          'golang.org/x/sys',
          'v0.0.0-20220715151400-c0bba94af5f8',
          'pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8',
        ),
        pkg('stdlib', 'v1.20.7', 'pkg:golang/stdlib@v1.20.7'),
      ],
    },
    {
      name: 'esbuild 0.14.0 (go1.17.2, pointer format)',
      file: 'esbuild-0.14.0-go1.17.mini.elf',
      want: [
        pkg(
          'golang.org/x/sys',
          'v0.0.0-20210908233432-aa78b53d3365',
          'pkg:golang/golang.org/x/sys@v0.0.0-20210908233432-aa78b53d3365',
        ),
        pkg('stdlib', 'v1.17.2', 'pkg:golang/stdlib@v1.17.2'),
      ],
    },
    {
      name: 'Debian skopeo 1.9.3 (go1.19.8, path line only: GOPATH build)',
      file: 'skopeo.buildinfo.elf',
      want: [pkg('stdlib', 'v1.19.8', 'pkg:golang/stdlib@v1.19.8')],
    },
  ])('$name', async ({ file, want }) => {
    const buf = readFileSync(join(TESTDATA, file))

    const got = await parse(`usr/bin/${file}`, buf)

    expect(got.unknowns).toEqual([])
    expect(
      got.packages.map(({ name, namespace, version, purl }) => ({
        name,
        ...(namespace ? { namespace } : {}),
        version,
        purl,
      })),
    ).toEqual(want)
    expect(got.packages.every((p) => p.type === 'golang' && p.foundBy === 'go-binary')).toBe(true)
    expect(got.packages.every((p) => p.locations?.[0]?.path === `usr/bin/${file}`)).toBe(true)
  })

  it('finds the header through the data segment when the section table is stripped', async () => {
    const buf = Buffer.from(readFileSync(join(TESTDATA, 'esbuild-0.18.20.buildinfo.elf')))
    buf.writeBigUInt64LE(0n, 0x28)
    buf.writeUInt16LE(0, 0x3c)
    buf.writeUInt16LE(0, 0x3e)

    const got = await parse('bin/esbuild', buf)

    expect(got.unknowns).toEqual([])
    expect(got.packages.map((p) => p.purl)).toEqual([
      'pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8',
      'pkg:golang/stdlib@v1.20.7',
    ])
  })

  // The whole machine binary: the section table of a real 20 MB Go executable. CI installs skopeo.
  it('reads /usr/bin/skopeo whole', async () => {
    const path = '/usr/bin/skopeo'
    if (!existsSync(path) && process.env['CI'] !== 'true') return
    const buf = readFileSync(path)

    const got = await parse('usr/bin/skopeo', buf)

    expect(got.unknowns).toEqual([])
    expect(got.packages).toHaveLength(1)
    expect(got.packages[0]?.name).toBe('stdlib')
    expect(got.packages[0]?.version).toMatch(/^v1\.\d+(\.\d+)?$/)
  })
})

describe('go-binary: module lines', () => {
  it.each([
    {
      name: 'released main module, dep, replaced dep, local replacement',
      modinfo:
        'path\texample.com/app/cmd/app\nmod\texample.com/app\tv1.2.3\th1:abc=\n' +
        'dep\tgithub.com/a/b\tv0.1.0\th1:x=\ndep\tgithub.com/c/d\tv1.0.0\th1:y=\n=>\tgithub.com/fork/d\tv1.0.1\th1:z=\n' +
        'dep\tgithub.com/e/f\tv2.0.0\n=>\t../f\t\n' +
        'build\t-compiler=gc\n',
      want: [
        pkg('example.com/app', 'v1.2.3', 'pkg:golang/example.com/app@v1.2.3'),
        pkg('github.com/a/b', 'v0.1.0', 'pkg:golang/github.com/a/b@v0.1.0'),
        pkg('github.com/fork/d', 'v1.0.1', 'pkg:golang/github.com/fork/d@v1.0.1'),
        pkg('../f', '', 'pkg:golang/../f'),
        pkg('stdlib', 'v1.22.1', 'pkg:golang/stdlib@v1.22.1'),
      ],
      version: 'go1.22.1 X:boringcrypto',
      unknowns: [],
    },
    {
      name: 'devel toolchain: no stdlib; a stray => line is an unknown',
      modinfo: 'path\tx\n=>\tgithub.com/g/h\tv1.0.0\n',
      want: [],
      version: 'devel go1.23-abcdef',
      unknowns: ['unparsable module line: =>\tgithub.com/g/h\tv1.0.0'],
    },
  ])('$name', async ({ modinfo, version, want, unknowns }) => {
    const elf = writeElf({
      sections: [{ name: '.go.buildinfo', data: inlineBuildinfo(version, wrapModinfo(modinfo)) }],
    })

    const got = await parse('app', elf)

    expect(
      got.packages.map(({ name, namespace, version: v, purl }) => ({
        name,
        ...(namespace ? { namespace } : {}),
        version: v,
        purl,
      })),
    ).toEqual(want)
    expect(got.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it('reads the pointer format in a 32-bit big-endian file', async () => {
    const mod = wrapModinfo('path\tp\nmod\tgithub.com/m/n\tv0.3.0\t\n')
    const header = Buffer.alloc(32)
    header.write('\xff Go buildinf:', 0, 'latin1')
    header[14] = 4
    header[15] = 1
    header.writeUInt32BE(0x2000, 16)
    header.writeUInt32BE(0x2008, 20)
    const hdrs = Buffer.alloc(16)
    hdrs.writeUInt32BE(0x3000, 0)
    hdrs.writeUInt32BE(8, 4)
    hdrs.writeUInt32BE(0x3100, 8)
    hdrs.writeUInt32BE(mod.length, 12)
    const elf = writeElf({
      class: 32,
      littleEndian: false,
      sections: [
        { name: '.go.buildinfo', addr: 0x1000, data: header },
        { name: '.data', addr: 0x2000, data: hdrs },
        { name: '.rodata', addr: 0x3000, data: Buffer.from('go1.16.5') },
        { name: '.rodata2', addr: 0x3100, data: mod },
      ],
    })

    const got = await parse('app', elf)

    expect(got.unknowns).toEqual([])
    expect(got.packages.map((p) => p.purl)).toEqual([
      'pkg:golang/github.com/m/n@v0.3.0',
      'pkg:golang/stdlib@v1.16.5',
    ])
  })
})

describe('go-binary: hostile and foreign input', () => {
  const good = inlineBuildinfo('go1.21.0', wrapModinfo('path\tp\n'))
  const unresolved = Buffer.from(good.subarray(0, 32))
  unresolved[15] = 0
  unresolved.writeBigUInt64LE(0xdeadbeefn, 16)
  it.each([
    { name: 'a shell script', buf: Buffer.from('#!/bin/sh\necho hi\n'), reasons: [] },
    {
      name: 'ELF without .go.buildinfo',
      buf: writeElf({ sections: [{ name: '.text', data: Buffer.alloc(64) }] }),
      reasons: [],
    },
    {
      name: 'truncated ELF header',
      buf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]),
      reasons: ['read of 2 bytes at offset 18 is outside the file'],
    },
    {
      name: 'section past the end of the file',
      buf: writeElf({ sections: [{ name: '.go.buildinfo', data: good, declaredSize: 1 << 30 }] }),
      reasons: [
        'section .go.buildinfo (offset 64, size 1073741824) extends past the end of the file',
      ],
    },
    {
      name: 'no magic in the section',
      buf: writeElf({ sections: [{ name: '.go.buildinfo', data: Buffer.alloc(64) }] }),
      reasons: ['.go.buildinfo has no build information header'],
    },
    {
      name: 'string length past the section',
      buf: writeElf({
        sections: [
          { name: '.go.buildinfo', data: Buffer.concat([good.subarray(0, 32), uvarint(1 << 20)]) },
        ],
      }),
      reasons: ['string in .go.buildinfo runs past the section'],
    },
    {
      name: 'pointer to nowhere',
      buf: writeElf({ sections: [{ name: '.go.buildinfo', data: unresolved }] }),
      reasons: ['a .go.buildinfo pointer does not resolve to file data'],
    },
  ])('$name', async ({ buf, reasons }) => {
    const got = await parse('bin/x', buf)

    expect(got.packages).toEqual([])
    expect(got.unknowns).toEqual(reasons.map((reason) => ({ path: 'bin/x', reason })))
  })

  it('never throws on random corruption of a real file', async () => {
    const base = readFileSync(join(TESTDATA, 'esbuild-0.18.20.buildinfo.elf'))
    let seed = 7
    for (let i = 0; i < 300; i++) {
      const buf = Buffer.from(base)
      for (let j = 0; j < 8; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0
        buf[seed % buf.length] = seed >>> 24
      }
      await expect(parse('x', buf)).resolves.toBeDefined()
    }
  })
})

describe('go-binary: match', () => {
  it.each([
    { path: 'usr/bin/skopeo', mode: 0o100755, size: 30_000_000, want: true },
    { path: 'usr/bin/skopeo', mode: 0o100644, size: 30_000_000, want: false },
    { path: 'usr/local/bin/run.sh', mode: 0o100755, size: 4096, want: false },
    { path: 'usr/lib/x86_64-linux-gnu/libc.so.6', mode: 0o100755, size: 2_000_000, want: false },
    { path: 'usr/bin/tiny', mode: 0o100755, size: 100, want: false },
  ])('$path $mode', ({ path, mode, size, want }) => {
    expect(goBinary.match(path, { mode, size })).toBe(want)
  })
})
