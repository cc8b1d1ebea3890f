import { crc32, deflateRawSync } from 'node:zlib'

// ref: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (sections 4.3.7, 4.3.12, 4.3.16)

/** One entry to write (a string is written as UTF-8). */
export interface ZipEntrySpec {
  readonly name: string
  readonly data: Uint8Array | string
  /** 8 (deflate, the default) or 0 (stored). */
  readonly method?: 0 | 8
  /** Uncompressed size to declare instead of the real one (to write lying archives). */
  readonly declaredSize?: number
}

/**
 * Writes a zip archive in memory (local headers, data, central directory, end record; no zip64).
 * For tests and benchmarks: jars and OSV all.zip archives with exact contents, and the hostile
 * ones (bombs, lying sizes) no tool writes.
 */
export function writeZip(
  entries: readonly ZipEntrySpec[],
  prefix: Uint8Array = new Uint8Array(),
): Buffer {
  const locals: Buffer[] = [Buffer.from(prefix)]
  const central: Buffer[] = []
  let offset = prefix.length
  for (const e of entries) {
    const method = e.method ?? 8
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data
    const body = method === 8 ? deflateRawSync(data) : Buffer.from(data)
    const name = Buffer.from(e.name, 'utf8')
    const size = e.declaredSize ?? data.length
    const crc = crc32(data)
    const lfh = Buffer.alloc(30)
    lfh.writeUInt32LE(0x04034b50, 0)
    lfh.writeUInt16LE(20, 4)
    lfh.writeUInt16LE(0x800, 6)
    lfh.writeUInt16LE(method, 8)
    lfh.writeUInt32LE(crc, 14)
    lfh.writeUInt32LE(body.length, 18)
    lfh.writeUInt32LE(size, 22)
    lfh.writeUInt16LE(name.length, 26)
    const cdh = Buffer.alloc(46)
    cdh.writeUInt32LE(0x02014b50, 0)
    cdh.writeUInt16LE(20, 4)
    cdh.writeUInt16LE(20, 6)
    cdh.writeUInt16LE(0x800, 8)
    cdh.writeUInt16LE(method, 10)
    cdh.writeUInt32LE(crc, 16)
    cdh.writeUInt32LE(body.length, 20)
    cdh.writeUInt32LE(size, 24)
    cdh.writeUInt16LE(name.length, 28)
    cdh.writeUInt32LE(offset - prefix.length, 42)
    locals.push(lfh, name, body)
    central.push(cdh, name)
    offset += lfh.length + name.length + body.length
  }
  const cd = Buffer.concat(central)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(offset - prefix.length, 16)
  return Buffer.concat([...locals, cd, eocd])
}
