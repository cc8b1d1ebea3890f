import { AppError } from '../../../core/index.js'

// ref: https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html
// ref: https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html

/** An ELF file that cannot be read safely: bad header, offsets outside the file, truncation. */
export class ElfError extends AppError<'ELF_INVALID'> {}

/** One section header, with offsets and sizes as plain numbers (checked to be safe integers). */
export interface ElfSection {
  readonly name: string
  /** sh_type: 1 PROGBITS, 8 NOBITS (no bytes in the file), ... */
  readonly type: number
  readonly flags: number
  /** Virtual address the section is loaded at (0 for sections not loaded). */
  readonly addr: number
  readonly offset: number
  readonly size: number
}

/** One program header (segment): how the loader maps the file into memory. */
export interface ElfSegment {
  /** p_type: 1 PT_LOAD, ... */
  readonly type: number
  /** p_flags: 1 execute, 2 write, 4 read. */
  readonly flags: number
  readonly offset: number
  readonly vaddr: number
  readonly filesz: number
  readonly memsz: number
}

/** The parts of an ELF file the binary analyzers need. */
export interface ElfFile {
  readonly class: 32 | 64
  readonly littleEndian: boolean
  /** e_machine: 62 x86-64, 183 aarch64, 3 i386, 40 arm, ... */
  readonly machine: number
  readonly sections: readonly ElfSection[]
  /** Program headers; empty when the file has none or they lie outside the file. */
  readonly segments: readonly ElfSegment[]
}

/** PT_LOAD: a segment mapped from the file. */
export const PT_LOAD = 1
/** PF_W and PF_X segment flags. */
export const PF_W = 2
export const PF_X = 1

/** SHT_NOBITS: the section occupies no bytes in the file (.bss). */
export const SHT_NOBITS = 8
const SHN_XINDEX = 0xffff
/** At most this many sections are read: real binaries have < 100; the format allows 2^32. */
const MAX_SECTIONS = 4096
const MAX_SEGMENTS = 1024
/** Section names are C strings in .shstrtab; longer ones are treated as corrupt. */
const MAX_NAME = 256

/** True when the buffer starts with the ELF magic bytes 0x7f 'E' 'L' 'F'. */
export function isElf(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46
}

/** A bounds-checked reader of fixed-width integers in one byte order. */
class Reader {
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
    readonly is64: boolean,
  ) {}

  private check(off: number, n: number): void {
    if (!Number.isSafeInteger(off) || off < 0 || off + n > this.buf.length) {
      throw new ElfError('ELF_INVALID', `read of ${n} bytes at offset ${off} is outside the file`)
    }
  }

  u16(off: number): number {
    this.check(off, 2)
    return this.le ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off)
  }

  u32(off: number): number {
    this.check(off, 4)
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off)
  }

  u64(off: number): number {
    this.check(off, 8)
    const lo = this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off + 4)
    const hi = this.le ? this.buf.readUInt32LE(off + 4) : this.buf.readUInt32BE(off)
    // 2^53 - 1 is the largest safe integer: the high word may hold at most 21 bits.
    if (hi >= 0x200000) {
      throw new ElfError('ELF_INVALID', `64-bit value at offset ${off} is too large`)
    }
    return hi * 0x100000000 + lo
  }

  /** An address-sized word: 4 bytes in ELFCLASS32, 8 in ELFCLASS64. */
  word(off: number): number {
    return this.is64 ? this.u64(off) : this.u32(off)
  }
}

/**
 * Parses the ELF header and section table of a whole file held in memory.
 * Every offset is checked against the buffer; nothing is allocated in proportion to a number
 * read from the file. Throws ElfError for files that are not ELF or are damaged.
 */
export function parseElf(buf: Buffer): ElfFile {
  // The Go and Rust analyzers read the same file body: it is parsed once for both.
  const seen = parsed.get(buf)
  if (seen instanceof Error) throw seen
  if (seen) return seen
  try {
    const elf = parseElfUncached(buf)
    parsed.set(buf, elf)
    return elf
  } catch (err) {
    if (err instanceof ElfError) parsed.set(buf, err)
    throw err
  }
}

const parsed = new WeakMap<Buffer, ElfFile | ElfError>()

function parseElfUncached(buf: Buffer): ElfFile {
  if (!isElf(buf)) throw new ElfError('ELF_INVALID', 'not an ELF file (bad magic)')
  const cls = buf[4]
  const data = buf[5]
  if (cls !== 1 && cls !== 2) throw new ElfError('ELF_INVALID', `bad ELF class ${String(cls)}`)
  if (data !== 1 && data !== 2)
    throw new ElfError('ELF_INVALID', `bad ELF data encoding ${String(data)}`)
  const is64 = cls === 2
  const r = new Reader(buf, data === 1, is64)
  const machine = r.u16(0x12)
  const shoff = r.word(is64 ? 0x28 : 0x20)
  const shentsize = r.u16(is64 ? 0x3a : 0x2e)
  let shnum = r.u16(is64 ? 0x3c : 0x30)
  let shstrndx = r.u16(is64 ? 0x3e : 0x32)
  const segments = readSegments(r)
  const base = {
    class: is64 ? (64 as const) : (32 as const),
    littleEndian: data === 1,
    machine,
    segments,
  }
  if (shoff === 0) return { ...base, sections: [] }
  const minEnt = is64 ? 0x40 : 0x28
  if (shentsize < minEnt)
    throw new ElfError('ELF_INVALID', `section header size ${shentsize} is too small`)
  // Extended numbering: counts too large for the header live in section 0 (gABI "Extended Section Numbering").
  if (shnum === 0) shnum = r.word(shoff + (is64 ? 0x20 : 0x14))
  if (shstrndx === SHN_XINDEX) shstrndx = r.u32(shoff + (is64 ? 0x28 : 0x18))
  if (shnum > MAX_SECTIONS) throw new ElfError('ELF_INVALID', `too many sections (${shnum})`)
  if (shoff + shnum * shentsize > buf.length) {
    throw new ElfError('ELF_INVALID', 'section header table extends past the end of the file')
  }
  const raw = readHeaders(r, shoff, shnum, shentsize)
  const strtab = raw[shstrndx]
  if (strtab !== undefined) checkRange(buf, strtab, '.shstrtab')
  const sections = raw.map(
    (s): ElfSection => ({
      name: strtab ? cString(buf, strtab.offset + s.nameOff, strtab.offset + strtab.size) : '',
      type: s.type,
      flags: s.flags,
      addr: s.addr,
      offset: s.offset,
      size: s.size,
    }),
  )
  return { ...base, sections }
}

/** Program headers, read leniently: a table outside the file gives none (sections may still do). */
function readSegments(r: Reader): ElfSegment[] {
  const is64 = r.is64
  const phoff = r.word(is64 ? 0x20 : 0x1c)
  const phentsize = r.u16(is64 ? 0x36 : 0x2a)
  const phnum = r.u16(is64 ? 0x38 : 0x2c)
  const minEnt = is64 ? 0x38 : 0x20
  if (phoff === 0 || phnum === 0 || phnum > MAX_SEGMENTS || phentsize < minEnt) return []
  if (phoff + phnum * phentsize > r.buf.length) return []
  const out: ElfSegment[] = []
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize
    try {
      out.push(
        is64
          ? {
              type: r.u32(h),
              flags: r.u32(h + 4),
              offset: r.u64(h + 8),
              vaddr: r.u64(h + 0x10),
              filesz: r.u64(h + 0x20),
              memsz: r.u64(h + 0x28),
            }
          : {
              type: r.u32(h),
              offset: r.u32(h + 4),
              vaddr: r.u32(h + 8),
              filesz: r.u32(h + 0x10),
              memsz: r.u32(h + 0x14),
              flags: r.u32(h + 0x18),
            },
      )
    } catch {
      // A 64-bit field beyond 2^53 names no real mapping: that one segment is left out.
      continue
    }
  }
  return out
}

type RawSection = Omit<ElfSection, 'name'> & { readonly nameOff: number }

function readHeaders(r: Reader, shoff: number, shnum: number, shentsize: number): RawSection[] {
  const out: RawSection[] = []
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize
    if (r.is64) {
      out.push({
        nameOff: r.u32(h),
        type: r.u32(h + 4),
        flags: r.u64(h + 8),
        addr: r.u64(h + 0x10),
        offset: r.u64(h + 0x18),
        size: r.u64(h + 0x20),
      })
    } else {
      out.push({
        nameOff: r.u32(h),
        type: r.u32(h + 4),
        flags: r.u32(h + 8),
        addr: r.u32(h + 0x0c),
        offset: r.u32(h + 0x10),
        size: r.u32(h + 0x14),
      })
    }
  }
  return out
}

function cString(buf: Buffer, start: number, end: number): string {
  const limit = Math.min(end, buf.length, start + MAX_NAME)
  if (start >= limit) return ''
  const nul = buf.indexOf(0, start)
  return buf.toString('latin1', start, nul === -1 || nul > limit ? limit : nul)
}

function checkRange(buf: Buffer, s: Pick<ElfSection, 'offset' | 'size'>, name: string): void {
  if (s.offset + s.size > buf.length) {
    throw new ElfError(
      'ELF_INVALID',
      `section ${name} (offset ${s.offset}, size ${s.size}) extends past the end of the file`,
    )
  }
}

/** The first section with this name, if any. */
export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name)
}

/**
 * The bytes of a section (a view into `buf`, no copy). Throws ElfError when the section has no
 * bytes in the file (NOBITS) or lies outside it.
 */
export function sectionData(buf: Buffer, section: ElfSection): Buffer {
  if (section.type === SHT_NOBITS)
    throw new ElfError('ELF_INVALID', `section ${section.name} has no file data`)
  checkRange(buf, section, section.name)
  return buf.subarray(section.offset, section.offset + section.size)
}

/**
 * Reads `length` bytes at a virtual address, through the section that maps it, else through a
 * PT_LOAD segment (files stripped of their section table). Returns undefined when nothing with
 * file data covers the whole range (a pointer the file cannot resolve).
 */
export function readAddress(
  buf: Buffer,
  elf: ElfFile,
  addr: number,
  length: number,
): Buffer | undefined {
  if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(length) || length < 0) return undefined
  const maps = [
    ...elf.sections
      .filter((s) => s.type !== SHT_NOBITS && s.addr !== 0)
      .map((s) => ({ addr: s.addr, off: s.offset, size: s.size })),
    ...elf.segments
      .filter((p) => p.type === PT_LOAD)
      .map((p) => ({ addr: p.vaddr, off: p.offset, size: p.filesz })),
  ]
  for (const m of maps) {
    if (addr < m.addr || addr + length > m.addr + m.size) continue
    const off = m.off + (addr - m.addr)
    return off + length > buf.length ? undefined : buf.subarray(off, off + length)
  }
  return undefined
}

/** The file bytes of a segment, at most `max` of them; undefined when they lie outside the file. */
export function segmentData(buf: Buffer, seg: ElfSegment, max: number): Buffer | undefined {
  const size = Math.min(seg.filesz, max)
  if (seg.offset + size > buf.length) return undefined
  return buf.subarray(seg.offset, seg.offset + size)
}
