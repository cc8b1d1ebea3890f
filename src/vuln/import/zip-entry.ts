import { crc32, inflateRawSync } from 'node:zlib'
import { AdvisoryError } from '../../core/index.js'

// ref: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (4.3.7 local header, 4.3.12
// central directory header, 4.3.16 end of central directory record)

/** One entry of a zip's central directory. */
export interface ZipEntryInfo {
  readonly fileName: string
  readonly offset: number
  readonly compressedSize: number
  readonly uncompressedSize: number
  readonly method: number
  readonly crc32: number
  readonly flags: number
}

function corrupt(path: string, why: string): AdvisoryError {
  return new AdvisoryError('ARCHIVE_CORRUPT', `corrupt zip archive ${path}: ${why}`)
}

/**
 * The central directory of a zip held in memory, read synchronously; undefined for zip64
 * archives (the caller falls back to yauzl). An OSV all.zip holds hundreds of thousands of small
 * records, and per-entry events and streams cost more than the records themselves.
 */
export function listZipEntries(data: Buffer, path: string): ZipEntryInfo[] | undefined {
  let eocd = -1
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw corrupt(path, 'no end of central directory record')
  const count = data.readUInt16LE(eocd + 10)
  const size = data.readUInt32LE(eocd + 12)
  const start = data.readUInt32LE(eocd + 16)
  if (count === 0xffff || start === 0xffffffff || size === 0xffffffff) return undefined
  if (start + size > eocd) throw corrupt(path, 'central directory runs past its end record')
  const out: ZipEntryInfo[] = []
  let at = start
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== 0x02014b50) throw corrupt(path, `bad central directory entry ${n}`)
    const nameLen = data.readUInt16LE(at + 28)
    const extraLen = data.readUInt16LE(at + 30)
    const commentLen = data.readUInt16LE(at + 32)
    out.push({
      flags: data.readUInt16LE(at + 8),
      method: data.readUInt16LE(at + 10),
      crc32: data.readUInt32LE(at + 16),
      compressedSize: data.readUInt32LE(at + 20),
      uncompressedSize: data.readUInt32LE(at + 24),
      offset: data.readUInt32LE(at + 42),
      fileName: data.toString('utf8', at + 46, at + 46 + nameLen),
    })
    at += 46 + nameLen + extraLen + commentLen
  }
  return out
}

/** Reads one entry: local header checked, data inflated in one call, size and CRC-32 verified. */
export function inflateEntry(data: Buffer, entry: ZipEntryInfo, path: string): string {
  const bad = (why: string): AdvisoryError => corrupt(path, `${entry.fileName}: ${why}`)
  const at = entry.offset
  if (at + 30 > data.length || data.readUInt32LE(at) !== 0x04034b50) throw bad('bad local header')
  if ((entry.flags & 0x1) !== 0) throw bad('encrypted entry')
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28)
  const end = start + entry.compressedSize
  if (end > data.length) throw bad('data runs past the end of the archive')
  let out: Buffer
  if (entry.method === 0) out = data.subarray(start, end)
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(data.subarray(start, end), { maxOutputLength: Math.max(1, entry.uncompressedSize) })
    } catch (err) {
      throw bad(`inflate failed: ${(err as Error).message}`)
    }
  } else throw bad(`unsupported compression method ${entry.method}`)
  if (out.length !== entry.uncompressedSize) throw bad('size mismatch')
  if (crc32(out) !== entry.crc32) throw bad('CRC-32 mismatch')
  return out.toString('utf8')
}
