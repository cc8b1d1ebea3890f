import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findSection, isElf, parseElf, readAddress, sectionData } from './elf.js'
import { writeElf } from './elf-writer.js'

const ESBUILD = join(import.meta.dirname, '../go-binary/testdata/esbuild-0.18.20.buildinfo.elf')

describe('parseElf', () => {
  it('reads a real executable (objcopy output of esbuild 0.18.20): sections and segments', () => {
    const elf = parseElf(readFileSync(ESBUILD))

    expect(elf).toMatchObject({ class: 64, littleEndian: true, machine: 62 })
    expect(elf.sections.map((s) => s.name)).toEqual(['', '.go.buildinfo', '.shstrtab'])
    expect(findSection(elf, '.go.buildinfo')).toEqual({
      name: '.go.buildinfo',
      type: 1,
      flags: 3,
      addr: 0xc9c000,
      offset: 0x1000,
      size: 0x210,
    })
    expect(
      elf.segments.filter((p) => p.type === 1).map((p) => [p.vaddr, p.offset, p.filesz, p.flags]),
    ).toEqual([
      [0x400000, 0, 0x1c8, 5],
      [0x8c9000, 0x1c8, 0, 4],
      [0xc9c000, 0x1000, 0x210, 6],
    ])
  })

  it.each([
    { cls: 64 as const, le: true },
    { cls: 64 as const, le: false },
    { cls: 32 as const, le: true },
    { cls: 32 as const, le: false },
  ])('round-trips ELF$cls little-endian=$le', ({ cls, le }) => {
    const buf = writeElf({
      class: cls,
      littleEndian: le,
      machine: 183,
      sections: [
        { name: '.text', addr: 0x1000, data: Buffer.from('code') },
        { name: '.data', addr: 0x2000, data: Buffer.from('hello world') },
      ],
    })

    const elf = parseElf(buf)

    expect(elf).toMatchObject({ class: cls, littleEndian: le, machine: 183 })
    expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.data', '.shstrtab'])
    expect(sectionData(buf, findSection(elf, '.data')!).toString()).toBe('hello world')
    expect(readAddress(buf, elf, 0x2006, 5)?.toString()).toBe('world')
    expect(readAddress(buf, elf, 0x2006, 6)).toBeUndefined()
    expect(readAddress(buf, elf, 0x9999, 1)).toBeUndefined()
  })

  it('reads a section count stored in section 0 (extended numbering)', () => {
    const buf = writeElf({ sections: [{ name: '.a', data: Buffer.from('x') }] })
    const shoff = Number(buf.readBigUInt64LE(0x28))
    buf.writeBigUInt64LE(BigInt(buf.readUInt16LE(0x3c)), shoff + 0x20)
    buf.writeUInt16LE(0, 0x3c)

    expect(parseElf(buf).sections.map((s) => s.name)).toEqual(['', '.a', '.shstrtab'])
  })

  const valid = (): Buffer => writeElf({ sections: [{ name: '.a', data: Buffer.from('x') }] })
  it.each([
    { name: 'not ELF', buf: Buffer.from('MZ\x90\x00'), message: 'not an ELF file (bad magic)' },
    {
      name: 'bad class',
      buf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 9, 1]),
      message: 'bad ELF class 9',
    },
    {
      name: 'bad data encoding',
      buf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 0]),
      message: 'bad ELF data encoding 0',
    },
    {
      name: 'section table past the end',
      buf: ((b) => (b.writeBigUInt64LE(BigInt(b.length), 0x28), b))(valid()),
      message: 'section header table extends past the end of the file',
    },
    {
      name: 'offset beyond 2^53',
      buf: ((b) => (b.writeBigUInt64LE(0xffffffffffffffffn, 0x28), b))(valid()),
      message: '64-bit value at offset 40 is too large',
    },
    {
      name: 'too many sections',
      buf: ((b) => (b.writeUInt16LE(0xfff0, 0x3c), b))(valid()),
      message: 'too many sections (65520)',
    },
    {
      name: 'header entries smaller than the format',
      buf: ((b) => (b.writeUInt16LE(8, 0x3a), b))(valid()),
      message: 'section header size 8 is too small',
    },
  ])('rejects $name', ({ buf, message }) => {
    expect(() => parseElf(buf)).toThrow(
      expect.objectContaining({ name: 'ElfError', code: 'ELF_INVALID', message }),
    )
  })

  it('gives empty names when the string table index is out of range', () => {
    const buf = valid()
    buf.writeUInt16LE(99, 0x3e)

    expect(parseElf(buf).sections.map((s) => s.name)).toEqual(['', '', ''])
  })

  it('isElf looks only at the magic', () => {
    expect([
      isElf(Buffer.from([0x7f, 0x45, 0x4c, 0x46])),
      isElf(Buffer.from([0x7f, 0x45])),
      isElf(Buffer.from('#!/bin/sh')),
    ]).toEqual([true, false, false])
  })

  it('only ever throws ElfError on random corruption of a real file', () => {
    const base = readFileSync(ESBUILD)
    let seed = 5
    for (let i = 0; i < 500; i++) {
      const buf = Buffer.from(base)
      for (let j = 0; j < 4; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0
        // The ELF header, the program headers and the section table (at the end).
        const at = j % 2 === 0 ? seed % 0x200 : buf.length - 1 - (seed % 0xc0)
        buf[at] = seed >>> 24
      }
      try {
        const elf = parseElf(buf)
        for (const s of elf.sections) if (s.type !== 8) sectionData(buf, s)
      } catch (err) {
        expect(err).toMatchObject({ name: 'ElfError' })
      }
    }
  })
})
