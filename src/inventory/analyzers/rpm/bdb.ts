import { AppError } from '../../../core/index.js'

// ref: Berkeley DB 5.3 source, dbinc/db_page.h (page header, hash items) and dbinc/hash.h
// (hash meta page); the layout rpm's read-only bdb_ro backend also reads.

/** A file that is not a readable Berkeley DB hash database. */
export class BdbFormatError extends AppError<'BDB_INVALID'> {
  constructor(message: string) {
    super('BDB_INVALID', message)
  }
}

const HASH_MAGIC = 0x061561
const P_HASH_UNSORTED = 2
const P_OVERFLOW = 7
const P_HASHMETA = 8
const P_HASH = 13
const H_KEYDATA = 1
const H_OFFPAGE = 3
/** Size of the generic page header (lsn, pgno, prev, next, entries, hf_offset, level, type). */
const PAGE_HEADER = 26

interface Bdb {
  readonly buf: Buffer
  readonly pageSize: number
  readonly pages: number
  readonly le: boolean
}

function u32(db: Bdb, at: number): number {
  return db.le ? db.buf.readUInt32LE(at) : db.buf.readUInt32BE(at)
}

function u16(db: Bdb, at: number): number {
  return db.le ? db.buf.readUInt16LE(at) : db.buf.readUInt16BE(at)
}

function openBdb(buf: Buffer): Bdb {
  if (buf.length < 512) throw new BdbFormatError('file too small for a Berkeley DB')
  const le = buf.readUInt32LE(12) === HASH_MAGIC
  if (!le && buf.readUInt32BE(12) !== HASH_MAGIC)
    throw new BdbFormatError('not a Berkeley DB hash file')
  const pageSize = le ? buf.readUInt32LE(20) : buf.readUInt32BE(20)
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new BdbFormatError(`bad page size ${pageSize}`)
  }
  if (buf.readUInt8(24) !== 0) throw new BdbFormatError('encrypted Berkeley DB')
  if (buf.readUInt8(25) !== P_HASHMETA)
    throw new BdbFormatError('first page is not a hash meta page')
  const lastPage = le ? buf.readUInt32LE(32) : buf.readUInt32BE(32)
  if (buf.length < (lastPage + 1) * pageSize)
    throw new BdbFormatError(`truncated: ${lastPage + 1} pages expected`)
  return { buf, pageSize, pages: lastPage + 1, le }
}

/** Follows an overflow chain from `pgno`, collecting `total` bytes. */
function overflow(db: Bdb, pgno: number, total: number): Buffer {
  if (total > db.buf.length) throw new BdbFormatError('off-page item larger than the file')
  const parts: Buffer[] = []
  let have = 0
  for (let hops = 0; have < total; hops++) {
    if (hops > db.pages || pgno < 1 || pgno >= db.pages)
      throw new BdbFormatError(`bad overflow page ${pgno}`)
    const at = pgno * db.pageSize
    if (db.buf.readUInt8(at + 25) !== P_OVERFLOW)
      throw new BdbFormatError(`page ${pgno} is not an overflow page`)
    // On overflow pages hf_offset holds the number of bytes used on the page.
    const used = Math.min(u16(db, at + 22), db.pageSize - PAGE_HEADER, total - have)
    parts.push(db.buf.subarray(at + PAGE_HEADER, at + PAGE_HEADER + used))
    have += used
    pgno = u32(db, at + 16)
    if (used === 0) throw new BdbFormatError('empty overflow page')
  }
  return Buffer.concat(parts)
}

/** The data of item `i` on the hash page at `at`, inline or off-page. */
function item(db: Bdb, at: number, i: number, entries: number): Buffer | undefined {
  const off = u16(db, at + PAGE_HEADER + i * 2)
  const end = i === 0 ? db.pageSize : u16(db, at + PAGE_HEADER + (i - 1) * 2)
  if (off < PAGE_HEADER + entries * 2 || off >= end || end > db.pageSize)
    throw new BdbFormatError('bad item offset')
  const type = db.buf.readUInt8(at + off)
  if (type === H_KEYDATA) return db.buf.subarray(at + off + 1, at + end)
  if (type === H_OFFPAGE) {
    if (off + 12 > end) throw new BdbFormatError('short off-page item')
    return overflow(db, u32(db, at + off + 4), u32(db, at + off + 8))
  }
  return undefined // duplicates: rpm's Packages database never has them
}

/** The key/data pairs of a hash database, and how many its meta page says it holds. */
export interface BdbContents {
  readonly entries: readonly { readonly key: Buffer; readonly value: Buffer }[]
  /** The meta page's element count (nelem): a mismatch means pages were lost or damaged. */
  readonly expected: number
}

/**
 * Reads every key/data pair of a Berkeley DB hash database held in memory (rpm's
 * var/lib/rpm/Packages), read-only: each hash page is visited in file order and its pairs are
 * taken, with off-page (overflow) items followed.
 */
export function readBdbHash(buf: Buffer): BdbContents {
  const db = openBdb(buf)
  const out: { key: Buffer; value: Buffer }[] = []
  for (let p = 1; p < db.pages; p++) {
    const at = p * db.pageSize
    const type = db.buf.readUInt8(at + 25)
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue
    const entries = u16(db, at + 20)
    if (PAGE_HEADER + entries * 2 > db.pageSize)
      throw new BdbFormatError(`page ${p}: too many entries`)
    for (let i = 0; i + 1 < entries; i += 2) {
      const key = item(db, at, i, entries)
      const value = item(db, at, i + 1, entries)
      if (key && value) out.push({ key, value })
    }
  }
  return { entries: out, expected: u32(db, 88) }
}
