import type { LayerEntryKind } from '../../core/index.js'

// ref: https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
const WHITEOUT_PREFIX = '.wh.'
const OPAQUE_MARKER = '.wh..wh..opq'

/** A tar entry name made safe, or the reason it was refused. */
export type NormalizedPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string }

/**
 * Normalizes a tar entry name to a path relative to the image root: strips leading `./` and `/`,
 * collapses `//` and `.`, resolves `..` lexically and refuses names that would leave the root.
 */
export function normalizeEntryPath(name: string): NormalizedPath {
  if (name.includes('\0')) return { ok: false, reason: 'path contains a NUL byte' }
  const out: string[] = []
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length === 0) return { ok: false, reason: 'path escapes the image root' }
      out.pop()
      continue
    }
    out.push(seg)
  }
  return { ok: true, path: out.join('/') }
}

/** The decoded meaning of a path: a plain entry, a whiteout of `path`, or an opaque directory. */
export interface DecodedPath {
  readonly path: string
  readonly whiteout?: 'whiteout' | 'opaque'
  /** Set for `.wh..wh.*` names other than the opaque marker (aufs metadata): skip them. */
  readonly aufsMeta?: boolean
}

/** Decodes OCI/aufs whiteout names: `.wh.NAME` deletes NAME, `.wh..wh..opq` empties its directory. */
export function decodeWhiteout(path: string): DecodedPath {
  const slash = path.lastIndexOf('/')
  const base = path.slice(slash + 1)
  if (!base.startsWith(WHITEOUT_PREFIX)) return { path }
  const dir = slash < 0 ? '' : path.slice(0, slash)
  if (base === OPAQUE_MARKER) return { path: dir, whiteout: 'opaque' }
  if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return { path, aufsMeta: true }
  const name = base.slice(WHITEOUT_PREFIX.length)
  return { path: dir === '' ? name : `${dir}/${name}`, whiteout: 'whiteout' }
}

/** Maps a tar header type to the entry kind Bulwark reports (unknown types, e.g. GNU sparse, are 'other'). */
export function toEntryKind(type: string | null | undefined): LayerEntryKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file'
    case 'directory':
      return 'dir'
    case 'symlink':
      return 'symlink'
    case 'link':
      return 'hardlink'
    default:
      return 'other'
  }
}
