import { AppError } from '../../../core/index.js'

// ref: https://www.sqlite.org/fileformat2.html (sections 1.3 header, 1.6 b-tree pages,
// 1.7 cell payload overflow, 2.1 record format)

/** A value of a SQLite record. */
export type SqliteValue = null | number | string | Buffer

/** A file that is not a readable SQLite database. */
export class SqliteFormatError extends AppError<'SQLITE_INVALID'> {
  constructor(message: string) {
    super('SQLITE_INVALID', message)
  }
}

const MAGIC = 'SQLite format 3\0'
const LEAF_TABLE = 0x0d
const INTERIOR_TABLE = 0x05

interface Db {
  readonly buf: Buffer
  readonly pageSize: number
  readonly usable: number
  readonly pages: number
  readonly encoding: BufferEncoding
}

function openDb(buf: Buffer): Db {
  if (buf.length < 512 || buf.toString('latin1', 0, 16) !== MAGIC)
    throw new SqliteFormatError('not a SQLite 3 file')
  const raw = buf.readUInt16BE(16)
  const pageSize = raw === 1 ? 65536 : raw
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    throw new SqliteFormatError(`bad page size ${raw}`)
  const usable = pageSize - buf.readUInt8(20)
  if (usable < 480) throw new SqliteFormatError('bad reserved space')
  const enc = buf.readUInt32BE(56)
  const encoding: BufferEncoding = enc === 2 || enc === 3 ? 'utf16le' : 'utf8'
  if (enc === 3) throw new SqliteFormatError('UTF-16be databases are not supported')
  // The in-header page count is valid when its version-valid-for number matches the change counter.
  const declared = buf.readUInt32BE(92) === buf.readUInt32BE(24) ? buf.readUInt32BE(28) : 0
  if (declared > 0 && buf.length < declared * pageSize)
    throw new SqliteFormatError(`truncated: ${declared} pages expected`)
  return { buf, pageSize, usable, pages: Math.floor(buf.length / pageSize), encoding }
}

/** Reads a varint at `at`: returns [value, bytes used] (exact up to 2^53, as rowids here are). */
function varint(buf: Buffer, at: number): [number, number] {
  let v = 0
  for (let i = 0; i < 9; i++) {
    if (at + i >= buf.length) throw new SqliteFormatError('varint past end of page')
    const b = buf[at + i] as number
    if (i === 8) return [v * 256 + b, 9]
    v = v * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) return [v, i + 1]
  }
  /* v8 ignore next -- the loop always returns by its ninth byte */
  throw new SqliteFormatError('varint')
}

function page(db: Db, n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > db.pages)
    throw new SqliteFormatError(`page ${n} out of range`)
  return db.buf.subarray((n - 1) * db.pageSize, n * db.pageSize)
}

/** The payload of a table leaf cell, following its overflow chain. */
function payload(db: Db, pg: Buffer, at: number, size: number): Buffer {
  if (size > db.buf.length) throw new SqliteFormatError('payload larger than the file')
  const x = db.usable - 35
  const m = Math.floor(((db.usable - 12) * 32) / 255) - 23
  const k = m + ((size - m) % (db.usable - 4))
  const local = size <= x ? size : k <= x ? k : m
  if (at + local > pg.length) throw new SqliteFormatError('cell past end of page')
  const parts = [pg.subarray(at, at + local)]
  let have = local
  let next = local < size ? pg.readUInt32BE(at + local) : 0
  for (let hops = 0; have < size; hops++) {
    if (hops > db.pages) throw new SqliteFormatError('overflow chain loops')
    const ov = page(db, next)
    const take = Math.min(size - have, db.usable - 4)
    parts.push(ov.subarray(4, 4 + take))
    have += take
    next = ov.readUInt32BE(0)
  }
  return Buffer.concat(parts)
}

function decodeRecord(rec: Buffer, encoding: BufferEncoding): SqliteValue[] {
  const [hdrSize, n0] = varint(rec, 0)
  if (hdrSize > rec.length) throw new SqliteFormatError('record header past end')
  const types: number[] = []
  for (let at = n0; at < hdrSize;) {
    const [t, n] = varint(rec, at)
    types.push(t)
    at += n
  }
  const out: SqliteValue[] = []
  let at = hdrSize
  const INT_SIZES = [0, 1, 2, 3, 4, 6, 8]
  for (const t of types) {
    if (t === 0) out.push(null)
    else if (t >= 1 && t <= 6) {
      const len = INT_SIZES[t] as number
      if (at + len > rec.length) throw new SqliteFormatError('integer past end of record')
      out.push(len <= 6 ? rec.readIntBE(at, len) : Number(rec.readBigInt64BE(at)))
      at += len
    } else if (t === 7) {
      if (at + 8 > rec.length) throw new SqliteFormatError('float past end of record')
      out.push(rec.readDoubleBE(at))
      at += 8
    } else if (t === 8 || t === 9) out.push(t - 8)
    else if (t >= 12) {
      const len = Math.floor((t - 12) / 2)
      if (at + len > rec.length) throw new SqliteFormatError('value past end of record')
      const bytes = rec.subarray(at, at + len)
      out.push(t % 2 === 0 ? bytes : bytes.toString(encoding))
      at += len
    } else throw new SqliteFormatError(`reserved serial type ${t}`)
  }
  return out
}

/** Walks a table b-tree from its root, calling `row` with each rowid and record. */
function walkTable(
  db: Db,
  root: number,
  row: (rowid: number, values: SqliteValue[]) => void,
): void {
  const stack = [root]
  const seen = new Set<number>()
  while (stack.length > 0) {
    const n = stack.pop() as number
    if (seen.has(n)) throw new SqliteFormatError(`page ${n} reached twice`)
    seen.add(n)
    const pg = page(db, n)
    const h = n === 1 ? 100 : 0
    const type = pg.readUInt8(h)
    if (type !== LEAF_TABLE && type !== INTERIOR_TABLE)
      throw new SqliteFormatError(`page ${n}: not a table page`)
    const cells = pg.readUInt16BE(h + 3)
    const ptrs = h + (type === LEAF_TABLE ? 8 : 12)
    if (ptrs + cells * 2 > pg.length) throw new SqliteFormatError(`page ${n}: too many cells`)
    const cellAt = (i: number): number => {
      const at = pg.readUInt16BE(ptrs + i * 2)
      if (at + 4 > pg.length) throw new SqliteFormatError(`page ${n}: cell offset out of range`)
      return at
    }
    if (type === INTERIOR_TABLE) {
      // Right-most child last, left children in reverse: popped back in key order.
      stack.push(pg.readUInt32BE(h + 8))
      for (let i = cells - 1; i >= 0; i--) stack.push(pg.readUInt32BE(cellAt(i)))
      continue
    }
    for (let i = 0; i < cells; i++) {
      const at = cellAt(i)
      const [size, a] = varint(pg, at)
      const [rowid, b] = varint(pg, at + a)
      row(rowid, decodeRecord(payload(db, pg, at + a + b, size), db.encoding))
    }
  }
}

/**
 * Reads every row of one table of a SQLite database held in memory, read-only and without
 * native code: the schema table (page 1) gives the table's root page, then its b-tree is
 * walked. Rows come back in b-tree order. Write-ahead-log content not yet checkpointed into
 * the main file is not seen (a -wal file is a separate file).
 */
export function readSqliteTable(
  buf: Buffer,
  table: string,
): { rowid: number; values: SqliteValue[] }[] {
  const db = openDb(buf)
  let root: number | undefined
  walkTable(db, 1, (_rowid, v) => {
    if (
      v[0] === 'table' &&
      typeof v[1] === 'string' &&
      v[1].toLowerCase() === table.toLowerCase()
    ) {
      if (typeof v[3] === 'number') root = v[3]
    }
  })
  if (root === undefined) throw new SqliteFormatError(`no table ${table}`)
  const rows: { rowid: number; values: SqliteValue[] }[] = []
  walkTable(db, root, (rowid, values) => rows.push({ rowid, values }))
  return rows
}
