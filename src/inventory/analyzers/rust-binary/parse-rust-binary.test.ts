import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileInput } from '../../analyzer.js'
import { writeElf } from '../internal/elf-writer.js'
import { rustBinary } from './index.js'

const JSON_FIXTURE = join(import.meta.dirname, 'testdata/ripgrep-13.0.0.dep-v0.json')

function input(path: string, buf: Buffer): FileInput {
  return { path, size: buf.length, mode: 0o755, read: () => Promise.resolve(buf) }
}

let work = ''
let audited = Buffer.alloc(0)
let plain = Buffer.alloc(0)

// A real executable from the machine's rustc, given a real .dep-v0 section by binutils' objcopy,
// as cargo-auditable's linker step would. CI installs rustc and binutils: no skip when missing.
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bulwark-rust-'))
  writeFileSync(join(work, 'main.rs'), 'fn main() { println!("hello"); }\n')
  execFileSync('rustc', [
    '-C',
    'opt-level=0',
    '-C',
    'debuginfo=0',
    '-o',
    join(work, 'hello'),
    join(work, 'main.rs'),
  ])
  writeFileSync(join(work, 'dep-v0.zlib'), deflateSync(readFileSync(JSON_FIXTURE)))
  execFileSync('objcopy', [
    '--add-section',
    `.dep-v0=${join(work, 'dep-v0.zlib')}`,
    join(work, 'hello'),
    join(work, 'hello-audited'),
  ])
  audited = readFileSync(join(work, 'hello-audited'))
  plain = readFileSync(join(work, 'hello'))
}, 120_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('rust-binary: a real rustc binary', () => {
  it('reads the crates, skipping build-only ones', async () => {
    const got = await rustBinary.parse(input('usr/bin/rg', audited))

    expect(got.unknowns).toEqual([])
    expect(got.packages.map((p) => p.purl)).toEqual([
      'pkg:cargo/aho-corasick@0.7.19',
      'pkg:cargo/bstr@0.2.17',
      'pkg:cargo/clap@2.34.0',
      'pkg:cargo/grep@0.2.10',
      'pkg:cargo/grep-pcre2@0.1.5',
      'pkg:cargo/ignore@0.4.18',
      'pkg:cargo/lazy_static@1.4.0',
      'pkg:cargo/libc@0.2.139',
      'pkg:cargo/log@0.4.17',
      'pkg:cargo/memchr@2.5.0',
      'pkg:cargo/pcre2@0.2.3',
      'pkg:cargo/pcre2-sys@0.2.5',
      'pkg:cargo/regex@1.7.0',
      'pkg:cargo/regex-syntax@0.6.27',
      'pkg:cargo/ripgrep@13.0.0',
      'pkg:cargo/serde_json@1.0.87',
      'pkg:cargo/termcolor@1.1.2',
    ])
    expect(got.packages[0]).toEqual({
      name: 'aho-corasick',
      version: '0.7.19',
      type: 'cargo',
      purl: 'pkg:cargo/aho-corasick@0.7.19',
      licenses: [],
      foundBy: 'rust-binary',
      locations: [{ path: 'usr/bin/rg' }],
    })
  })

  it('gives nothing for the same binary without audit data', async () => {
    expect(await rustBinary.parse(input('usr/bin/hello', plain))).toEqual({
      packages: [],
      unknowns: [],
    })
  })
})

describe('rust-binary: hostile payloads', () => {
  const elfWith = (payload: Uint8Array): Buffer =>
    writeElf({ class: 32, littleEndian: false, sections: [{ name: '.dep-v0', data: payload }] })
  const z = (text: string): Buffer => deflateSync(Buffer.from(text))

  it.each([
    {
      name: 'not zlib',
      payload: Buffer.from('{"packages":[]}'),
      reasons: ['.dep-v0 is not zlib data'],
    },
    {
      name: 'a zlib bomb',
      payload: deflateSync(Buffer.alloc(9 << 20, 0x20)),
      reasons: ['.dep-v0 inflates past 8388608 bytes'],
    },
    { name: 'not JSON', payload: z('{"packages":['), reasons: ['.dep-v0 is not UTF-8 JSON'] },
    {
      name: 'not UTF-8',
      payload: deflateSync(Buffer.from([0x22, 0xff, 0x22])),
      reasons: ['.dep-v0 is not UTF-8 JSON'],
    },
    {
      name: 'no packages array',
      payload: z('{"crates":[]}'),
      reasons: ['.dep-v0 JSON has no "packages" array'],
    },
    {
      name: 'one bad entry among good ones',
      payload: z(
        '{"packages":[{"name":"a","version":"1.0.0","source":"crates.io"},{"name":"b","source":"git"},7]}',
      ),
      reasons: [
        '.dep-v0 package 1: version must be a non-empty string',
        '.dep-v0 package 2: not an object',
      ],
      purls: ['pkg:cargo/a@1.0.0'],
    },
  ])('$name', async ({ payload, reasons, purls }) => {
    const got = await rustBinary.parse(input('bin/x', elfWith(payload)))

    expect(got.packages.map((p) => p.purl)).toEqual(purls ?? [])
    expect(got.unknowns).toEqual(reasons.map((reason) => ({ path: 'bin/x', reason })))
  })

  it('a section that points past the end of the file is an unknown', async () => {
    const buf = writeElf({
      sections: [{ name: '.dep-v0', data: z('{}'), declaredSize: 0x7fffffff }],
    })

    const got = await rustBinary.parse(input('bin/x', buf))

    expect(got.unknowns).toEqual([
      {
        path: 'bin/x',
        reason: 'section .dep-v0 (offset 64, size 2147483647) extends past the end of the file',
      },
    ])
  })

  it('never throws on random corruption of the real binary', async () => {
    let seed = 3
    for (let i = 0; i < 100; i++) {
      const buf = Buffer.from(audited)
      for (let j = 0; j < 8; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0
        // Hit the ELF header and the section table at the end of the file.
        const at = j % 2 === 0 ? seed % 64 : buf.length - 1 - (seed % 2048)
        buf[at] = seed >>> 24
      }
      await expect(rustBinary.parse(input('x', buf))).resolves.toBeDefined()
    }
  })
})
