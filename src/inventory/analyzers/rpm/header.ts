import { AppError } from '../../../core/index.js'

// ref: https://rpm-software-management.github.io/rpm/manual/format_header.html
// ref: https://github.com/rpm-software-management/rpm/blob/master/include/rpm/rpmtag.h (tag numbers)

/** Tags the analyzer reads. */
export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  VENDOR: 1011,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const

const TYPE_INT32 = 4
const TYPE_STRING = 6
const TYPE_STRING_ARRAY = 8
const TYPE_I18NSTRING = 9

/** rpm's own limits (header.c): at most 0xffff tags and 256 MiB of data. */
const MAX_TAGS = 0xffff
const MAX_DATA = 256 * 1024 * 1024

/** An index entry of a header blob. */
interface Entry {
  readonly type: number
  readonly offset: number
  readonly count: number
}

/** A parsed header: typed accessors over the data store, bounds-checked. */
export interface RpmHeader {
  string(tag: number): string | undefined
  strings(tag: number): readonly string[] | undefined
  int32s(tag: number): readonly number[] | undefined
}

/** Thrown (and turned into an unknown by the caller) when a blob is not a header. */
export class HeaderFormatError extends AppError<'RPM_HEADER_INVALID'> {
  constructor(message: string) {
    super('RPM_HEADER_INVALID', message)
  }
}

function readStrings(data: Buffer, offset: number, count: number): string[] {
  const out: string[] = []
  let at = offset
  for (let i = 0; i < count; i++) {
    const end = data.indexOf(0, at)
    if (end < 0) throw new HeaderFormatError('unterminated string in header data')
    out.push(data.toString('utf8', at, end))
    at = end + 1
  }
  return out
}

/**
 * Parses an rpmdb header blob (as the Packages table or file stores it: no lead, no magic):
 * int32 index count, int32 data length, 16-byte index entries (tag, type, offset, count, all
 * big-endian), then the data store. Every offset is checked against the data length.
 */
export function parseRpmHeader(blob: Buffer): RpmHeader {
  if (blob.length < 8) throw new HeaderFormatError('header blob shorter than 8 bytes')
  const il = blob.readUInt32BE(0)
  const dl = blob.readUInt32BE(4)
  if (il < 1 || il > MAX_TAGS || dl > MAX_DATA)
    throw new HeaderFormatError(`implausible header sizes il=${il} dl=${dl}`)
  const dataStart = 8 + il * 16
  if (dataStart + dl > blob.length) throw new HeaderFormatError('header blob truncated')
  const data = blob.subarray(dataStart, dataStart + dl)
  const entries = new Map<number, Entry>()
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16
    const tag = blob.readUInt32BE(at)
    const entry = {
      type: blob.readUInt32BE(at + 4),
      offset: blob.readInt32BE(at + 8),
      count: blob.readUInt32BE(at + 12),
    }
    if (entry.offset < 0 || entry.offset > dl)
      throw new HeaderFormatError(`tag ${tag}: offset out of range`)
    if (!entries.has(tag)) entries.set(tag, entry)
  }
  return {
    string(tag) {
      const e = entries.get(tag)
      if (
        !e ||
        (e.type !== TYPE_STRING && e.type !== TYPE_I18NSTRING && e.type !== TYPE_STRING_ARRAY)
      )
        return undefined
      return readStrings(data, e.offset, 1)[0]
    },
    strings(tag) {
      const e = entries.get(tag)
      if (!e || (e.type !== TYPE_STRING_ARRAY && e.type !== TYPE_I18NSTRING)) return undefined
      if (e.count > dl) throw new HeaderFormatError(`tag ${tag}: count out of range`)
      return readStrings(data, e.offset, e.count)
    },
    int32s(tag) {
      const e = entries.get(tag)
      if (!e || e.type !== TYPE_INT32) return undefined
      if (e.offset + e.count * 4 > dl)
        throw new HeaderFormatError(`tag ${tag}: int32 array out of range`)
      const out: number[] = []
      for (let i = 0; i < e.count; i++) out.push(data.readInt32BE(e.offset + i * 4))
      return out
    },
  }
}
