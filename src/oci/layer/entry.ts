import { ImageError } from '../../core/index.js'
import type { LayerEntry, LayerEntryKind, LayerWarning } from '../../core/index.js'
import type { ExtractEvents } from 'tar-stream'
import { decodeWhiteout, normalizeEntryPath, toEntryKind } from './paths.js'
import type { WalkParams } from './walk-params.js'

/** One tar entry body stream as tar-stream hands it out. */
export type Entry = ExtractEvents['entry'][1]

const EMPTY = Buffer.alloc(0)

/**
 * Reads an entry body. A body that arrives as one chunk is handed out as that chunk (a view of
 * the decoder's output, which is never written again), so most files are never copied; a body
 * split over chunks is copied once into one buffer of its declared size.
 */
function collectBody(stream: Entry, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined
    let out: Buffer | undefined
    let off = 0
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer
      if (!first && !out) {
        first = chunk
        off = chunk.length
        return
      }
      if (!out) {
        out = Buffer.allocUnsafe(size)
        const head = first as Buffer
        head.copy(out, 0, 0, Math.min(head.length, size))
        off = Math.min(head.length, size)
        first = undefined
      }
      const n = Math.min(chunk.length, size - off)
      chunk.copy(out, off, 0, n)
      off += n
    })
    stream.once('end', () => {
      if (out) return resolve(off === size ? out : out.subarray(0, off))
      resolve(first ? first.subarray(0, Math.min(first.length, size)) : EMPTY)
    })
    stream.once('error', reject)
  })
}

/** Drains an entry body that nobody read (cheap: tar-stream just skips the bytes). */
function drain(stream: Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('end', resolve)
    stream.once('error', reject)
    stream.resume()
  })
}

function classify(
  p: WalkParams,
  entry: Entry,
  warnings: LayerWarning[],
): { path: string; kind: LayerEntryKind } | undefined {
  const h = entry.header
  const norm = normalizeEntryPath(h.name)
  if (!norm.ok) {
    warnings.push({ layerIndex: p.layerIndex, path: h.name, reason: norm.reason })
    return undefined
  }
  if (norm.path === '') return undefined // the root directory itself
  const decoded = decodeWhiteout(norm.path)
  if (decoded.aufsMeta) {
    warnings.push({
      layerIndex: p.layerIndex,
      path: norm.path,
      reason: 'aufs metadata entry skipped',
    })
    return undefined
  }
  if (decoded.whiteout) return { path: decoded.path, kind: decoded.whiteout }
  return { path: norm.path, kind: toEntryKind(h.type) }
}

/**
 * Turns one tar entry into a LayerEntry, hands it to the visitor and drains what the visitor did
 * not read. Returns false when the entry was skipped (with a warning when it was unsafe).
 */
export async function toLayerEntry(
  p: WalkParams,
  entry: Entry,
  warnings: LayerWarning[],
): Promise<boolean> {
  const c = classify(p, entry, warnings)
  if (!c) {
    await drain(entry)
    return false
  }
  const h = entry.header
  const isFile = c.kind === 'file'
  const size = isFile ? (h.size ?? 0) : 0
  let reading: Promise<Buffer> | undefined
  const linkTarget = c.kind === 'symlink' || c.kind === 'hardlink' ? (h.linkname ?? '') : undefined
  const layerEntry: LayerEntry = {
    path: c.path,
    kind: c.kind,
    mode: (h.mode ?? 0) & 0o7777,
    uid: h.uid ?? 0,
    gid: h.gid ?? 0,
    size,
    ...(linkTarget !== undefined ? { linkTarget } : {}),
    read() {
      if (reading) return reading
      if (!isFile || size === 0) {
        reading = Promise.resolve(EMPTY)
      } else if (size > p.limits.maxFileSize) {
        reading = Promise.reject(
          new ImageError(
            'SIZE_LIMIT',
            `${p.image}: layer ${p.layerIndex}: ${c.path} is ${size} bytes, over the ${p.limits.maxFileSize}-byte file limit`,
          ),
        )
      } else {
        reading = collectBody(entry, size)
      }
      return reading
    },
  }
  await p.visit(layerEntry)
  if (reading && isFile && size > 0 && size <= p.limits.maxFileSize) {
    await reading
  } else {
    await drain(entry)
  }
  return true
}
