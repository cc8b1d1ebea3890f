// ref: https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html

/** One section to write: PROGBITS (type 1) unless said otherwise. */
export interface ElfSectionSpec {
  readonly name: string
  readonly data: Uint8Array
  readonly addr?: number
  readonly type?: number
  /** Bytes to declare instead of data.length (to write damaged files). */
  readonly declaredSize?: number
}

/** The shape of the file to write. */
export interface ElfSpec {
  readonly class?: 32 | 64
  readonly littleEndian?: boolean
  /** e_machine; 62 (x86-64) by default. */
  readonly machine?: number
  readonly sections: readonly ElfSectionSpec[]
}

/**
 * Writes a minimal relocatable ELF file (header, section data, .shstrtab, section table) in
 * either class and byte order. For tests: it lets a test put real section bytes (taken from a
 * real binary) into a small file, and write the damaged variants hostile-input tests need.
 */
export function writeElf(spec: ElfSpec): Buffer {
  const is64 = (spec.class ?? 64) === 64
  const le = spec.littleEndian ?? true
  const ehsize = is64 ? 64 : 52
  const shentsize = is64 ? 64 : 40
  const names = ['', ...spec.sections.map((s) => s.name), '.shstrtab']
  const nameOffsets: number[] = []
  let strtab = Buffer.alloc(0)
  for (const n of names) {
    nameOffsets.push(strtab.length)
    strtab = Buffer.concat([strtab, Buffer.from(n, 'latin1'), Buffer.alloc(1)])
  }
  const parts: Buffer[] = [Buffer.alloc(ehsize)]
  let pos = ehsize
  const placed: { off: number; size: number; addr: number; type: number }[] = []
  for (const s of spec.sections) {
    pos = align(parts, pos, 16)
    placed.push({
      off: pos,
      size: s.declaredSize ?? s.data.length,
      addr: s.addr ?? 0,
      type: s.type ?? 1,
    })
    parts.push(Buffer.from(s.data))
    pos += s.data.length
  }
  const strOff = pos
  parts.push(strtab)
  pos += strtab.length
  pos = align(parts, pos, 8)
  const shoff = pos
  const all = [
    { off: 0, size: 0, addr: 0, type: 0 },
    ...placed,
    { off: strOff, size: strtab.length, addr: 0, type: 3 },
  ]
  all.forEach((s, i) => parts.push(sectionHeader(is64, le, shentsize, nameOffsets[i] ?? 0, s)))
  const out = Buffer.concat(parts)
  writeHeader(out, {
    is64,
    le,
    machine: spec.machine ?? 62,
    shoff,
    shentsize,
    shnum: all.length,
    ehsize,
  })
  return out
}

function align(parts: Buffer[], pos: number, to: number): number {
  const pad = (to - (pos % to)) % to
  if (pad > 0) parts.push(Buffer.alloc(pad))
  return pos + pad
}

interface HeaderFields {
  is64: boolean
  le: boolean
  machine: number
  shoff: number
  shentsize: number
  shnum: number
  ehsize: number
}

function writeHeader(out: Buffer, h: HeaderFields): void {
  out.set([0x7f, 0x45, 0x4c, 0x46, h.is64 ? 2 : 1, h.le ? 1 : 2, 1], 0)
  const u16 = (v: number, o: number): number =>
    h.le ? out.writeUInt16LE(v, o) : out.writeUInt16BE(v, o)
  const u32 = (v: number, o: number): number =>
    h.le ? out.writeUInt32LE(v, o) : out.writeUInt32BE(v, o)
  u16(1, 0x10) // ET_REL
  u16(h.machine, 0x12)
  u32(1, 0x14)
  if (h.is64) {
    if (h.le) out.writeBigUInt64LE(BigInt(h.shoff), 0x28)
    else out.writeBigUInt64BE(BigInt(h.shoff), 0x28)
  } else {
    u32(h.shoff, 0x20)
  }
  const base = h.is64 ? 0x34 : 0x28
  u16(h.ehsize, base)
  u16(h.shentsize, base + 6)
  u16(h.shnum, base + 8)
  u16(h.shnum - 1, base + 10)
}

function sectionHeader(
  is64: boolean,
  le: boolean,
  size: number,
  nameOff: number,
  s: { off: number; size: number; addr: number; type: number },
): Buffer {
  const b = Buffer.alloc(size)
  const u32 = (v: number, o: number): number => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o))
  const u64 = (v: number, o: number): number =>
    le ? b.writeBigUInt64LE(BigInt(v), o) : b.writeBigUInt64BE(BigInt(v), o)
  u32(nameOff, 0)
  u32(s.type, 4)
  if (is64) {
    u64(s.addr, 0x10)
    u64(s.off, 0x18)
    u64(s.size, 0x20)
  } else {
    u32(s.addr, 0x0c)
    u32(s.off, 0x10)
    u32(s.size, 0x14)
  }
  return b
}
