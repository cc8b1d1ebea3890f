import type { ElfFile } from '../internal/elf.js'
import {
  findSection,
  PF_W,
  PF_X,
  PT_LOAD,
  readAddress,
  sectionData,
  segmentData,
} from '../internal/elf.js'

// ref: https://go.dev/src/debug/buildinfo/buildinfo.go (the format written by the Go linker)
// ref: https://go.dev/src/runtime/debug/mod.go (the text format of the module information)

/** The raw build information a Go linker writes into `.go.buildinfo`. */
export interface RawGoBuildInfo {
  /** The toolchain, as `runtime.Version()` reports it: "go1.20.7", "go1.22.1 X:boringcrypto". */
  readonly goVersion: string
  /** The module information text (path/mod/dep/=>/build lines), sentinels removed; may be empty. */
  readonly modinfo: string
}

/** What reading the section gives: nothing (not a Go binary), the info, or why it is unreadable. */
export type BuildInfoResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly info: RawGoBuildInfo }
  | { readonly kind: 'bad'; readonly reason: string }

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
const HEADER_SIZE = 32
/** Flag bit 0: the pointers are big-endian. Bit 1 (Go 1.18+): strings follow the header inline. */
const FLAG_BIG_ENDIAN = 0x1
const FLAG_INLINE = 0x2
/** A bound on one string: real module lists are well under 1 MiB. */
const MAX_STRING = 4 << 20
const EMPTY = Buffer.alloc(0)
/** How far into a data segment the header is looked for (Go's debug/buildinfo reads 64 KiB). */
const SEARCH_SIZE = 64 << 10

/**
 * Reads the Go version and module information from an ELF file's `.go.buildinfo` section,
 * in both the Go 1.18+ inline format and the older pointer format.
 */
export function readGoBuildInfo(buf: Buffer, elf: ElfFile): BuildInfoResult {
  const found = locate(buf, elf)
  if (found.kind !== 'ok') return found
  const { data, at } = found
  const ptrSize = data[at + 14] ?? 0
  const flags = data[at + 15] ?? 0
  const strings =
    (flags & FLAG_INLINE) !== 0
      ? readInline(data, at + HEADER_SIZE)
      : readPointers(buf, elf, data, at, ptrSize, (flags & FLAG_BIG_ENDIAN) === 0)
  if (typeof strings === 'string') return { kind: 'bad', reason: strings }
  const [version, mod] = strings
  return { kind: 'ok', info: { goVersion: version.toString('utf8'), modinfo: stripSentinels(mod) } }
}

type Located =
  | { readonly kind: 'ok'; readonly data: Buffer; readonly at: number }
  | Exclude<BuildInfoResult, { kind: 'ok' }>

/**
 * Finds the header: in `.go.buildinfo`, or, as Go's debug/buildinfo does for files stripped of
 * that section, in the first 64 KiB of the first writable, non-executable PT_LOAD segment.
 */
function locate(buf: Buffer, elf: ElfFile): Located {
  const section = findSection(elf, '.go.buildinfo')
  if (section) {
    let data: Buffer
    try {
      data = sectionData(buf, section)
    } catch (err) {
      return {
        kind: 'bad',
        reason: err instanceof Error ? err.message : 'unreadable .go.buildinfo',
      }
    }
    const at = findMagic(data)
    return at === -1
      ? { kind: 'bad', reason: '.go.buildinfo has no build information header' }
      : { kind: 'ok', data, at }
  }
  const seg = elf.segments.find((p) => p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W)
  const data = seg ? segmentData(buf, seg, SEARCH_SIZE) : undefined
  const at = data ? findMagic(data) : -1
  // Most ELF files are not Go programs: no header here means nothing to report.
  return data && at !== -1 ? { kind: 'ok', data, at } : { kind: 'none' }
}

/** The first 16-byte-aligned magic with room for the header after it, or -1. */
function findMagic(data: Buffer): number {
  for (let i = data.indexOf(MAGIC); i !== -1; i = data.indexOf(MAGIC, i + 1)) {
    if (i % 16 === 0 && i + HEADER_SIZE <= data.length) return i
  }
  return -1
}

/** Two unsigned-varint-prefixed strings (Go 1.18+). Returns a reason string on damage. */
function readInline(data: Buffer, start: number): [Buffer, Buffer] | string {
  let pos = start
  const out: Buffer[] = []
  for (let n = 0; n < 2; n++) {
    const v = readUvarint(data, pos)
    if (!v) return 'bad string length in .go.buildinfo'
    const [len, next] = v
    if (len > MAX_STRING || next + len > data.length)
      return 'string in .go.buildinfo runs past the section'
    out.push(data.subarray(next, next + len))
    pos = next + len
  }
  return [out[0] ?? EMPTY, out[1] ?? EMPTY]
}

/** An unsigned LEB128 varint at `pos`: [value, position after it], or undefined when malformed. */
export function readUvarint(data: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0
  let scale = 1
  for (let i = 0; i < 8; i++) {
    const b = data[pos + i]
    if (b === undefined) return undefined
    value += (b & 0x7f) * scale
    if ((b & 0x80) === 0) return [value, pos + i + 1]
    scale *= 128
  }
  // More than 8 bytes encodes a length above 2^56: no real string is that long.
  return undefined
}

/** Go 1.13-1.17: two pointers to Go string headers {data pointer, length} elsewhere in memory. */
function readPointers(
  buf: Buffer,
  elf: ElfFile,
  data: Buffer,
  at: number,
  ptrSize: number,
  le: boolean,
): [Buffer, Buffer] | string {
  if (ptrSize !== 4 && ptrSize !== 8) return `bad pointer size ${ptrSize} in .go.buildinfo`
  const word = (b: Buffer, off: number): number => {
    if (ptrSize === 4) return le ? b.readUInt32LE(off) : b.readUInt32BE(off)
    const v = le ? b.readBigUInt64LE(off) : b.readBigUInt64BE(off)
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v)
  }
  const out: Buffer[] = []
  for (const slot of [at + 16, at + 16 + ptrSize]) {
    const header = readAddress(buf, elf, word(data, slot), 2 * ptrSize)
    if (!header) return 'a .go.buildinfo pointer does not resolve to file data'
    const len = word(header, ptrSize)
    if (len < 0 || len > MAX_STRING) return 'a .go.buildinfo string is too long'
    const bytes = len === 0 ? EMPTY : readAddress(buf, elf, word(header, 0), len)
    if (!bytes) return 'a .go.buildinfo string does not resolve to file data'
    out.push(bytes)
  }
  return [out[0] ?? EMPTY, out[1] ?? EMPTY]
}

/** The linker wraps modinfo in two 16-byte binary sentinels; text without them is not module info. */
function stripSentinels(mod: Buffer): string {
  if (mod.length >= 33 && mod[mod.length - 17] === 0x0a)
    return mod.toString('utf8', 16, mod.length - 16)
  return ''
}
