import { constants } from 'node:fs'
import type { Stats } from 'node:fs'
import { lstat, open, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { ImageError, UserError } from '../../core/index.js'
import type {
  ImageLimits,
  ImageSource,
  LayerEntry,
  LayerEntryKind,
  LayerWarning,
} from '../../core/index.js'

function kindOf(st: Stats): LayerEntryKind {
  if (st.isFile()) return 'file'
  if (st.isDirectory()) return 'dir'
  if (st.isSymbolicLink()) return 'symlink'
  return 'other'
}

/** Reads a regular file without following a symlink swapped in after lstat (O_NOFOLLOW). */
async function readNoFollow(abs: string, image: string, rel: string, max: number): Promise<Buffer> {
  const fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const st = await fh.stat()
    if (!st.isFile())
      throw new ImageError('LAYER_CORRUPT', `${image}: ${rel} changed while being read`)
    if (st.size > max)
      throw new ImageError(
        'SIZE_LIMIT',
        `${image}: ${rel} is ${st.size} bytes, over the ${max}-byte file limit`,
      )
    const buf = Buffer.allocUnsafe(st.size)
    let off = 0
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off)
      if (bytesRead === 0) break
      off += bytesRead
    }
    return off === st.size ? buf : buf.subarray(0, off)
  } finally {
    await fh.close()
  }
}

interface WalkState {
  readonly root: string
  /** Device of the root: directories on another device (proc, sys, mounts) are not descended. */
  readonly dev: number
  readonly image: string
  readonly limits: ImageLimits
  readonly visit: (entry: LayerEntry) => void | Promise<void>
  readonly warnings: LayerWarning[]
  entries: number
  bytes: number
}

async function walkDir(s: WalkState, rel: string): Promise<void> {
  const names = await readdir(join(s.root, rel)).catch((err: Error) => {
    s.warnings.push({ layerIndex: 0, path: rel, reason: `cannot list directory: ${err.message}` })
    return [] as string[]
  })
  names.sort()
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`
    const abs = join(s.root, path)
    const st = await lstat(abs).catch(() => undefined)
    if (!st) {
      s.warnings.push({ layerIndex: 0, path, reason: 'vanished while walking' })
      continue
    }
    const kind = kindOf(st)
    const linkTarget = kind === 'symlink' ? await readlink(abs).catch(() => '') : undefined
    const size = kind === 'file' ? st.size : 0
    s.entries++
    s.bytes += size
    await s.visit({
      path,
      kind,
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      size,
      ...(linkTarget !== undefined ? { linkTarget } : {}),
      read: () =>
        kind === 'file'
          ? readNoFollow(abs, s.image, path, s.limits.maxFileSize)
          : Promise.resolve(Buffer.alloc(0)),
    })
    if (kind !== 'dir') continue
    if (st.dev !== s.dev) {
      s.warnings.push({ layerIndex: 0, path, reason: 'mount point not crossed' })
      continue
    }
    await walkDir(s, path)
  }
}

async function totalSize(dir: string, dev: number): Promise<number> {
  let n = 0
  const names = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const d of names) {
    if (!d.isDirectory() && !d.isFile()) continue
    const st = await lstat(join(dir, d.name)).catch(() => undefined)
    if (!st || st.dev !== dev) continue
    n += st.isDirectory() ? await totalSize(join(dir, d.name), dev) : st.size
  }
  return n
}

/**
 * Opens an unpacked root filesystem as one pseudo-layer (diffID ''). The walk never follows
 * symlinks (they are reported with their target as written) and stays on the root's device, like
 * `find -xdev`, so /proc, /sys and other mounts of a live root are not walked.
 */
export async function openRootfs(
  root: string,
  reference: string,
  limits: ImageLimits,
): Promise<ImageSource> {
  const st = await lstat(root).catch(() => undefined)
  if (!st?.isDirectory())
    throw new ImageError('IMAGE_NOT_FOUND', `${reference}: ${root} is not a directory`)
  const size = await totalSize(root, st.dev)
  return {
    metadata: {
      reference,
      sourceType: 'rootfs',
      config: {},
      layers: [{ index: 0, diffId: '', size }],
      size,
    },
    async walkLayer(index, visit) {
      if (index !== 0)
        throw new UserError('ARG_INVALID', `${reference}: a rootfs has one layer, not ${index + 1}`)
      const s: WalkState = {
        root,
        dev: st.dev,
        image: reference,
        limits,
        visit,
        warnings: [],
        entries: 0,
        bytes: 0,
      }
      await walkDir(s, '')
      return { entries: s.entries, bytes: s.bytes, warnings: s.warnings }
    },
    async close() {},
  }
}
