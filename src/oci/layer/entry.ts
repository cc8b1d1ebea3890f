import { ImageError } from '../../core/index.js'
import type { LayerEntry, LayerEntryKind, LayerWarning } from '../../core/index.js'
import { decodeWhiteout, normalizeEntryPath, toEntryKind } from './paths.js'
import type { TarEntryHeader } from './tar-reader.js'
import type { WalkParams } from './walk-params.js'

const EMPTY = Buffer.alloc(0)

function classify(
  p: WalkParams,
  h: TarEntryHeader,
  warnings: LayerWarning[],
): { path: string; kind: LayerEntryKind } | undefined {
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
 * Turns one tar entry into a LayerEntry and hands it to the visitor; the body is read only if the
 * visitor asks (and only below the per-file cap). Returns undefined when the entry was skipped
 * (with a warning when it was unsafe), else whatever the visitor returned.
 */
export function toLayerEntry(
  p: WalkParams,
  h: TarEntryHeader,
  readBody: () => Promise<Buffer>,
  warnings: LayerWarning[],
): { visited: boolean; done: void | Promise<void> } {
  const c = classify(p, h, warnings)
  if (!c) return { visited: false, done: undefined }
  const isFile = c.kind === 'file'
  const size = isFile ? h.size : 0
  let reading: Promise<Buffer> | undefined
  const linkTarget = c.kind === 'symlink' || c.kind === 'hardlink' ? h.linkname : undefined
  const layerEntry: LayerEntry = {
    path: c.path,
    kind: c.kind,
    mode: h.mode & 0o7777,
    uid: h.uid,
    gid: h.gid,
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
        reading = readBody()
      }
      return reading
    },
  }
  return { visited: true, done: p.visit(layerEntry) }
}
