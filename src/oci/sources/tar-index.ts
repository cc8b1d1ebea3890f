import { createReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { ImageError } from '../../core/index.js'
import { normalizeEntryPath } from '../layer/paths.js'
import { BLOCK, decodeHeader, decodeLongName, decodePax } from '../layer/tar-header.js'
import { STREAM_CHUNK } from '../layer/decompress.js'

// ref: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06 (ustar, pax)
// ref: https://www.gnu.org/software/tar/manual/html_node/Standard.html (GNU 'L' long names, base-256 sizes)

/** Where a regular file's body sits inside an uncompressed tar. */
export interface TarMember {
  readonly offset: number
  readonly size: number
}

const MAX_MEMBERS = 100_000
const MAX_LONG_HEADER = 1024 * 1024

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
    let pax = new Map<string, string>()
    const links = new Map<string, string>()
    for (;;) {
      const block = await readAt(fh, pos, BLOCK)
      let h
      try {
        h = block.length < BLOCK ? undefined : decodeHeader(block, 0)
      } catch (err) {
        throw new Error(`${(err as Error).message} at offset ${pos}`, { cause: err })
      }
      if (!h) break
      const paxSize = pax.get('size')
      const size = paxSize !== undefined ? Number(paxSize) : h.size
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`member size ${paxSize ?? h.size} at offset ${pos}`)
      const body = pos + BLOCK
      const next = body + Math.ceil(size / BLOCK) * BLOCK
      if (h.type === 'x' || h.type === 'L') {
        if (size > MAX_LONG_HEADER) throw new Error(`extended header of ${size} bytes`)
        const data = await readAt(fh, body, size)
        if (h.type === 'x') pax = decodePax(data)
        else longName = decodeLongName(data)
        pos = next
        continue
      }
      const norm = normalizeEntryPath(pax.get('path') ?? longName ?? h.name)
      if (norm.ok && (h.type === '0' || h.type === '7')) {
        members.set(norm.path, { offset: body, size })
      } else if (norm.ok && (h.type === '1' || h.type === '2')) {
        links.set(norm.path, linkPath(norm.path, pax.get('linkpath') ?? h.linkname, h.type))
      }
      if (members.size + links.size > MAX_MEMBERS) throw new Error('too many members')
      longName = undefined
      pax = new Map()
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
