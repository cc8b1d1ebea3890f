// ref: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html (ustar and pax formats),
// https://www.gnu.org/software/tar/manual/html_node/Standard.html (GNU long names 'L'/'K', base-256 numbers)

/** Block size of every tar header and body padding. */
export const BLOCK = 512

/** One decoded 512-byte header block, before pax and GNU long-name records are applied. */
export interface RawHeader {
  readonly name: string
  readonly mode: number
  readonly uid: number
  readonly gid: number
  readonly size: number
  /** The typeflag character ('0', '5', 'x', 'L', ...); '\0' is read as '0'. */
  readonly type: string
  readonly linkname: string
}

/** A header block that does not hold a valid header. */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError'
}

function isZero(block: Uint8Array, off: number): boolean {
  for (let i = off; i < off + BLOCK; i++) if (block[i] !== 0) return false
  return true
}

/** A NUL-terminated string field (UTF-8; tar names are bytes, and UTF-8 is what images use). */
function str(b: Buffer, off: number, len: number): string {
  let end = off
  const stop = off + len
  while (end < stop && b[end] !== 0) end++
  return b.toString('utf8', off, end)
}

/** An octal number field, or GNU base-256 when the high bit of its first byte is set. */
function num(b: Buffer, off: number, len: number, field: string): number {
  const first = b[off] ?? 0
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError(`negative ${field} in tar header`)
    let v = first & 0x7f
    for (let i = off + 1; i < off + len; i++) v = v * 256 + (b[i] ?? 0)
    if (!Number.isSafeInteger(v)) throw new TarFormatError(`${field} in tar header is too large`)
    return v
  }
  let v = 0
  let i = off
  const stop = off + len
  while (i < stop && (b[i] === 0x20 || b[i] === 0x30)) i++ // leading spaces and zeros
  for (; i < stop; i++) {
    const c = b[i] ?? 0
    if (c === 0 || c === 0x20) break
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`${field} in tar header is not an octal number`)
    v = v * 8 + (c - 0x30)
  }
  return v
}

/** Sum of the header with its checksum field read as spaces; both unsigned and signed sums are accepted. */
function checksumOk(b: Buffer, off: number): boolean {
  const want = num(b, off + 148, 8, 'checksum')
  let unsigned = 0
  let signed = 0
  for (let i = off; i < off + BLOCK; i++) {
    const c = i >= off + 148 && i < off + 156 ? 0x20 : (b[i] ?? 0)
    unsigned += c
    signed += c > 127 ? c - 256 : c
  }
  return want === unsigned || want === signed
}

/**
 * Decodes the header block at `off`: undefined for an all-zero block (the end of the archive),
 * TarFormatError for a block whose checksum or numbers are wrong.
 */
export function decodeHeader(b: Buffer, off: number): RawHeader | undefined {
  if (isZero(b, off)) return undefined
  if (!checksumOk(b, off)) throw new TarFormatError('invalid tar header checksum')
  const typeByte = b[off + 156] ?? 0
  let name = str(b, off, 100)
  // POSIX ustar ("ustar\0" "00") puts a path prefix in front of the name; GNU ("ustar  \0") does not.
  if (b.toString('latin1', off + 257, off + 263) === 'ustar\0') {
    const prefix = str(b, off + 345, 155)
    if (prefix) name = `${prefix}/${name}`
  }
  let type = typeByte === 0 ? '0' : String.fromCharCode(typeByte)
  // Pre-POSIX archives mark directories only by a trailing slash.
  if (type === '0' && name.endsWith('/')) type = '5'
  return {
    name,
    mode: num(b, off + 100, 8, 'mode'),
    uid: num(b, off + 108, 8, 'uid'),
    gid: num(b, off + 116, 8, 'gid'),
    size: num(b, off + 124, 12, 'size'),
    type,
    linkname: str(b, off + 157, 100),
  }
}

/** The records of a pax extended header body ("<len> <key>=<value>\n" each). */
export function decodePax(body: Buffer): Map<string, string> {
  const out = new Map<string, string>()
  let i = 0
  while (i < body.length && body[i] !== 0) {
    const sp = body.indexOf(0x20, i)
    if (sp < 0) throw new TarFormatError('pax record without a length')
    const len = Number(body.toString('latin1', i, sp))
    if (!Number.isInteger(len) || len <= sp - i || i + len > body.length)
      throw new TarFormatError('pax record length is wrong')
    const rec = body.toString('utf8', sp + 1, i + len - 1) // without the trailing newline
    const eq = rec.indexOf('=')
    if (eq <= 0) throw new TarFormatError('pax record without a key')
    out.set(rec.slice(0, eq), rec.slice(eq + 1))
    i += len
  }
  return out
}

/** A GNU 'L'/'K' body: the name up to its first NUL. */
export function decodeLongName(body: Buffer): string {
  const nul = body.indexOf(0)
  return body.toString('utf8', 0, nul < 0 ? body.length : nul)
}

/** Entry kinds as the rest of the layer code names them (tar-stream's names, kept for paths.ts). */
export function typeName(type: string): string {
  switch (type) {
    case '0':
    case '7':
      return type === '7' ? 'contiguous-file' : 'file'
    case '1':
      return 'link'
    case '2':
      return 'symlink'
    case '3':
      return 'character-device'
    case '4':
      return 'block-device'
    case '5':
      return 'directory'
    case '6':
      return 'fifo'
    default:
      return 'unknown'
  }
}
