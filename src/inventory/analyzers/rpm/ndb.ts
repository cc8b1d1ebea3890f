import { AppError } from '../../../core/index.js'

// ref: https://github.com/rpm-software-management/rpm/blob/master/lib/backend/ndb/rpmpkg.c
// (file header "RpmP", 16-byte "Slot" entries in 4096-byte slot pages, blobs in 16-byte
// blocks framed by "BlbS" head and "BlbE" tail with an Adler-32 over head, blob and padding)

/** A file that is not a readable rpm NDB package database. */
export class NdbFormatError extends AppError<'NDB_INVALID'> {
  constructor(message: string) {
    super('NDB_INVALID', message)
  }
}

const HEADER_MAGIC = 0x506d7052 // "RpmP" little-endian
const SLOT_MAGIC = 0x746f6c53 // "Slot"
const BLOB_HEAD_MAGIC = 0x53626c42 // "BlbS"
const BLOB_TAIL_MAGIC = 0x45626c42 // "BlbE"
const PAGE = 4096
const SLOT = 16
const BLK = 16
const HEAD = 16
const TAIL = 12

/** Adler-32 as RFC 1950 defines it. */
function adler32(buf: Buffer): number {
  let a = 1
  let b = 0
  for (let i = 0; i < buf.length;) {
    const end = Math.min(i + 5552, buf.length)
    for (; i < end; i++) {
      a += buf[i] as number
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

/** One blob, or why it could not be read. */
export type NdbBlob =
  | { readonly pkgidx: number; readonly blob: Buffer }
  | { readonly pkgidx: number; readonly error: string }

function readBlob(buf: Buffer, pkgidx: number, blkoff: number, blkcnt: number): NdbBlob {
  const off = blkoff * BLK
  const end = off + blkcnt * BLK
  if (blkcnt * BLK < HEAD + TAIL || end > buf.length) return { pkgidx, error: 'blob out of file' }
  if (buf.readUInt32LE(off) !== BLOB_HEAD_MAGIC || buf.readUInt32LE(off + 4) !== pkgidx) {
    return { pkgidx, error: 'bad blob head' }
  }
  const len = buf.readUInt32LE(off + 12)
  if (Math.ceil((HEAD + len + TAIL) / BLK) !== blkcnt)
    return { pkgidx, error: 'blob length mismatch' }
  const tail = end - TAIL
  if (buf.readUInt32LE(tail + 8) !== BLOB_TAIL_MAGIC || buf.readUInt32LE(tail + 4) !== len) {
    return { pkgidx, error: 'bad blob tail' }
  }
  if (adler32(buf.subarray(off, tail)) !== buf.readUInt32LE(tail))
    return { pkgidx, error: 'blob checksum mismatch' }
  return { pkgidx, blob: buf.subarray(off + HEAD, off + HEAD + len) }
}

/**
 * Reads every package blob of an rpm NDB database (SUSE's var/lib/rpm/Packages.db) held in
 * memory, read-only: the slot pages list (package index, block offset, block count); each
 * used slot's blob is checked (magics, lengths, Adler-32) before it is returned.
 */
export function readNdbBlobs(buf: Buffer): NdbBlob[] {
  if (buf.length < PAGE || buf.readUInt32LE(0) !== HEADER_MAGIC)
    throw new NdbFormatError('not an rpm NDB database')
  if (buf.readUInt32LE(4) !== 0)
    throw new NdbFormatError(`unsupported NDB version ${buf.readUInt32LE(4)}`)
  const slotPages = buf.readUInt32LE(12)
  if (slotPages < 1 || slotPages * PAGE > buf.length)
    throw new NdbFormatError('slot pages past end of file')
  const firstData = (slotPages * PAGE) / BLK
  const out: NdbBlob[] = []
  // The file header takes the first two slots.
  for (let at = 2 * SLOT; at < slotPages * PAGE; at += SLOT) {
    if (buf.readUInt32LE(at) !== SLOT_MAGIC) throw new NdbFormatError(`bad slot at offset ${at}`)
    const pkgidx = buf.readUInt32LE(at + 4)
    const blkoff = buf.readUInt32LE(at + 8)
    const blkcnt = buf.readUInt32LE(at + 12)
    if (blkoff === 0) continue
    if (pkgidx === 0 || blkoff < firstData) out.push({ pkgidx, error: 'bad slot' })
    else out.push(readBlob(buf, pkgidx, blkoff, blkcnt))
  }
  return out
}
