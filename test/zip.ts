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
    // the local header and the central directory header share a run of fields; the central
    // one has "version made by" before it, so the run starts 2 bytes later
    const fields = (h: Buffer, at: number): Buffer => {
      h.writeUInt16LE(20, at) // version needed to extract
      h.writeUInt16LE(0x800, at + 2) // flags: UTF-8 names
      h.writeUInt16LE(method, at + 4)
      h.writeUInt32LE(crc, at + 10)
      h.writeUInt32LE(body.length, at + 14)
      h.writeUInt32LE(size, at + 18)
      h.writeUInt16LE(name.length, at + 22)
      return h
    }
    const lfh = Buffer.alloc(30)
    lfh.writeUInt32LE(0x04034b50, 0)
    fields(lfh, 4)
    const cdh = Buffer.alloc(46)
    cdh.writeUInt32LE(0x02014b50, 0)
    cdh.writeUInt16LE(20, 4) // version made by
    fields(cdh, 6)
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
