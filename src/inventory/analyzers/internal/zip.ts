import { inflateRawSync } from 'node:zlib'
import { AppError } from '../../../core/index.js'

// ref: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (sections 4.3.6-4.3.16, 4.5.3)

/** A zip archive that is damaged, over a size limit, or uses a feature this reader does not read. */
export class ZipError extends AppError<'ZIP_INVALID' | 'ZIP_LIMIT' | 'ZIP_UNSUPPORTED'> {}

/** One central-directory entry. Offsets are absolute positions in the buffer. */
export interface ZipEntry {
  readonly name: string
  /** 0 stored, 8 deflated; anything else is not read. */
  readonly method: number
  readonly flags: number
  readonly compressedSize: number
  /** The uncompressed size the archive declares (a hostile archive may lie). */
  readonly size: number
  readonly localHeaderOffset: number
}

const EOCD_SIG = 0x06054b50
const ZIP64_LOCATOR_SIG = 0x07064b50
const ZIP64_EOCD_SIG = 0x06064b50
const CDH_SIG = 0x02014b50
const LFH_SIG = 0x04034b50
const MAX_COMMENT = 0xffff
/** A bound on entries read from the central directory (real fat jars hold tens of thousands). */
export const MAX_ZIP_ENTRIES = 500_000

function fail(code: ZipError['code'], message: string): never {
  throw new ZipError(code, message)
}

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off)
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    fail('ZIP_INVALID', `64-bit field at ${off} is too large`)
  return Number(v)
}

interface Directory {
  readonly count: number
  readonly size: number
  readonly offset: number
  /** Bytes before the archive (a launcher script on an executable jar): added to every offset. */
  readonly shift: number
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - MAX_COMMENT)
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i
  }
  return fail('ZIP_INVALID', 'no end of central directory record (not a zip file)')
}

function readDirectory(buf: Buffer): Directory {
  if (buf.length < 22) fail('ZIP_INVALID', 'too short to be a zip file')
  const eocd = findEocd(buf)
  let count = buf.readUInt16LE(eocd + 10)
  let size = buf.readUInt32LE(eocd + 12)
  let offset = buf.readUInt32LE(eocd + 16)
  let end = eocd
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG)
      fail('ZIP_INVALID', 'zip64 locator missing')
    const rec = u64(buf, loc + 8)
    if (rec + 56 > loc || buf.readUInt32LE(rec) !== ZIP64_EOCD_SIG)
      fail('ZIP_INVALID', 'zip64 record missing')
    count = u64(buf, rec + 32)
    size = u64(buf, rec + 40)
    offset = u64(buf, rec + 48)
    end = rec
  }
  const shift = end - size - offset
  if (shift < 0) fail('ZIP_INVALID', 'central directory lies outside the file')
  if (count > MAX_ZIP_ENTRIES) fail('ZIP_LIMIT', `too many entries (${count})`)
  return { count, size, offset, shift }
}

/** Sizes and offset from the zip64 extra field, for the fields the fixed header left at 0xffffffff. */
function applyZip64(
  extra: Buffer,
  e: { size: number; compressedSize: number; localHeaderOffset: number },
): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p)
    const len = extra.readUInt16LE(p + 2)
    const body = extra.subarray(p + 4, p + 4 + len)
    p += 4 + len
    if (id !== 0x0001) continue
    let q = 0
    for (const key of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
      if (e[key] !== 0xffffffff) continue
      if (q + 8 > body.length) fail('ZIP_INVALID', 'zip64 extra field too short')
      e[key] = u64(body, q)
      q += 8
    }
  }
}

/**
 * Lists the entries of a zip archive held in memory, from its central directory. Throws ZipError
 * when the directory is damaged or points outside the file.
 */
export function listZip(buf: Buffer): ZipEntry[] {
  const dir = readDirectory(buf)
  const entries: ZipEntry[] = []
  let p = dir.offset + dir.shift
  const end = p + dir.size
  for (let i = 0; i < dir.count; i++) {
    if (p + 46 > end || p + 46 > buf.length || buf.readUInt32LE(p) !== CDH_SIG) {
      fail('ZIP_INVALID', `central directory entry ${i} is damaged`)
    }
    const flags = buf.readUInt16LE(p + 8)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const next = p + 46 + nameLen + extraLen + commentLen
    if (next > end) fail('ZIP_INVALID', `central directory entry ${i} runs past the directory`)
    const name = buf.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen)
    const e = {
      size: buf.readUInt32LE(p + 24),
      compressedSize: buf.readUInt32LE(p + 20),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    }
    applyZip64(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e)
    entries.push({
      name,
      method: buf.readUInt16LE(p + 10),
      flags,
      ...e,
      localHeaderOffset: e.localHeaderOffset + dir.shift,
    })
    p = next
  }
  return entries
}

/**
 * Reads one entry's bytes, decompressing at most `maxBytes`: an entry that would inflate to more
 * (a zip bomb, or a size field that lies) throws ZipError ZIP_LIMIT before more memory is used.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  const at = entry.localHeaderOffset
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LFH_SIG)
    fail('ZIP_INVALID', `${entry.name}: bad local header`)
  if ((entry.flags & 0x1) !== 0) fail('ZIP_UNSUPPORTED', `${entry.name}: encrypted`)
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28)
  const stop = start + entry.compressedSize
  if (stop > buf.length) fail('ZIP_INVALID', `${entry.name}: data runs past the end of the file`)
  const data = buf.subarray(start, stop)
  if (entry.size > maxBytes)
    fail(
      'ZIP_LIMIT',
      `${entry.name}: declares ${entry.size} bytes, over the ${maxBytes}-byte limit`,
    )
  if (entry.method === 0) {
    if (data.length > maxBytes) fail('ZIP_LIMIT', `${entry.name}: over the ${maxBytes}-byte limit`)
    return data
  }
  if (entry.method !== 8)
    fail('ZIP_UNSUPPORTED', `${entry.name}: compression method ${entry.method}`)
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) })
  } catch (err) {
    if (err instanceof RangeError)
      fail('ZIP_LIMIT', `${entry.name}: inflates past the ${maxBytes}-byte limit`)
    throw new ZipError('ZIP_INVALID', `${entry.name}: bad deflate data`, { cause: err })
  }
}
