import { createReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { ImageError } from '../../core/index.js'
import { normalizeEntryPath } from '../layer/paths.js'
import { STREAM_CHUNK } from '../layer/decompress.js'

// ref: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06 (ustar, pax)
// ref: https://www.gnu.org/software/tar/manual/html_node/Standard.html (GNU 'L' long names, base-256 sizes)

/** Where a regular file's body sits inside an uncompressed tar. */
export interface TarMember {
  readonly offset: number
  readonly size: number
}

const BLOCK = 512
const MAX_MEMBERS = 100_000
const MAX_LONG_HEADER = 1024 * 1024

function str(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start)
  return buf.toString('utf8', start, end < 0 || end > start + len ? start + len : end)
}

function num(buf: Buffer, start: number, len: number): number {
  const first = buf[start] ?? 0
  if (first & 0x80) {
    // base-256: big-endian, high bit of the first byte is the marker
    let n = first & 0x7f
    for (let i = start + 1; i < start + len; i++) n = n * 256 + (buf[i] ?? 0)
    return n
  }
  const text = str(buf, start, len).trim()
  return text === '' ? 0 : parseInt(text, 8)
}

interface PaxRecords {
  path?: string
  linkpath?: string
  size?: number
}

// Docker archives link duplicate layers (`<id>/layer.tar -> ../<other>/layer.tar`).
function linkPath(member: string, target: string, type: string): string {
  if (type === '1') return target
  const dir = member.includes('/') ? member.slice(0, member.lastIndexOf('/') + 1) : ''
  const norm = normalizeEntryPath(target.startsWith('/') ? target : dir + target)
  return norm.ok ? norm.path : ''
}

function resolveLinks(members: Map<string, TarMember>, links: Map<string, string>): void {
  for (const [from, to] of links) {
    let target = to
    for (let depth = 0; depth < 8 && links.has(target); depth++) target = links.get(target) ?? ''
    const m = members.get(target)
    if (m && !members.has(from)) members.set(from, m)
  }
}

function parsePaxPath(body: Buffer): PaxRecords {
  const out: PaxRecords = {}
  let i = 0
  while (i < body.length) {
    const sp = body.indexOf(0x20, i)
    if (sp < 0) break
    const len = parseInt(body.toString('ascii', i, sp), 10)
    if (!Number.isFinite(len) || len <= 0) break
    const rec = body.toString('utf8', sp + 1, i + len - 1)
    const eq = rec.indexOf('=')
    const key = rec.slice(0, eq)
    if (key === 'path') out.path = rec.slice(eq + 1)
    if (key === 'linkpath') out.linkpath = rec.slice(eq + 1)
    if (key === 'size') out.size = Number(rec.slice(eq + 1))
    i += len
  }
  return out
}

function checksumOk(h: Buffer): boolean {
  let sum = 8 * 0x20 // the checksum field itself counts as spaces
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += h[i] ?? 0
  return num(h, 148, 8) === sum
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len)
  const { bytesRead } = await fh.read(buf, 0, len, pos)
  return bytesRead === len ? buf : buf.subarray(0, bytesRead)
}

/**
 * Indexes the regular files of an uncompressed tar by reading only its headers (seeking over
 * bodies), so blobs can later be streamed by offset without extracting anything.
 */
export async function indexTar(file: string, image: string): Promise<Map<string, TarMember>> {
  const fh = await open(file, 'r')
  const members = new Map<string, TarMember>()
  try {
    let pos = 0
    let longName: string | undefined
    let pax: PaxRecords = {}
    const links = new Map<string, string>()
    for (;;) {
      const h = await readAt(fh, pos, BLOCK)
      if (h.length < BLOCK || h.every((b) => b === 0)) break
      if (!checksumOk(h)) throw new Error(`bad tar header checksum at offset ${pos}`)
      const type = String.fromCharCode(h[156] ?? 0x30)
      const size = pax.size ?? num(h, 124, 12)
      const body = pos + BLOCK
      const next = body + Math.ceil(size / BLOCK) * BLOCK
      if (type === 'x' || type === 'L') {
        if (size > MAX_LONG_HEADER) throw new Error(`extended header of ${size} bytes`)
        const data = await readAt(fh, body, size)
        if (type === 'x') pax = parsePaxPath(data)
        else longName = str(data, 0, data.length)
        pos = next
        continue
      }
      const prefix = str(h, 345, 155)
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100))
      const norm = normalizeEntryPath(name)
      if (norm.ok && (type === '0' || type === '\0' || type === '7')) {
        members.set(norm.path, { offset: body, size })
      } else if (norm.ok && (type === '1' || type === '2')) {
        links.set(norm.path, linkPath(norm.path, pax.linkpath ?? str(h, 157, 100), type))
      }
      if (members.size + links.size > MAX_MEMBERS) throw new Error('too many members')
      longName = undefined
      pax = {}
      pos = next
    }
    resolveLinks(members, links)
  } catch (err) {
    throw new ImageError(
      'MANIFEST_INVALID',
      `${image}: cannot index archive ${file}: ${(err as Error).message}`,
      { cause: err },
    )
  } finally {
    await fh.close()
  }
  return members
}

/** Opens one member's body as a stream (an independent file descriptor per call). */
export function openTarMember(file: string, m: TarMember): Readable {
  if (m.size === 0) return createReadStream(file, { start: 1, end: 0 })
  return createReadStream(file, {
    start: m.offset,
    end: m.offset + m.size - 1,
    highWaterMark: STREAM_CHUNK,
  })
}

/** Reads one member whole, refusing members over `max` bytes. */
export async function readTarMember(
  file: string,
  m: TarMember,
  max: number,
  image: string,
  what: string,
): Promise<Buffer> {
  if (m.size > max)
    throw new ImageError(
      'SIZE_LIMIT',
      `${image}: ${what} is ${m.size} bytes, over the ${max}-byte limit`,
    )
  const fh = await open(file, 'r')
  try {
    return await readAt(fh, m.offset, m.size)
  } finally {
    await fh.close()
  }
}
