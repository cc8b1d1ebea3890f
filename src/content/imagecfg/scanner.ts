import type { LayerScan, LayerScanner } from '../../inventory/index.js'
import type { ImageFilesLayerResult } from '../internal/results.js'

/** Bump when the result shape changes: it invalidates cached layer results. */
export const IMAGE_FILES_SCANNER_VERSION = 1

/** Where package managers keep caches and indexes, as (manager, directory, files-under-it). */
const CACHE_DIRS: readonly { readonly manager: string; readonly dir: RegExp }[] = [
  { manager: 'apt', dir: /^(var\/cache\/apt\/archives)\/[^/]+\.deb$/ },
  { manager: 'apt', dir: /^(var\/cache\/apt)\/[^/]+\.bin$/ },
  { manager: 'apt', dir: /^(var\/lib\/apt\/lists)\/(?!lock$)[^/]+$/ },
  { manager: 'apk', dir: /^(var\/cache\/apk)\/[^/]+$/ },
  { manager: 'yum', dir: /^(var\/cache\/(?:yum|dnf))\/.+$/ },
  { manager: 'pip', dir: /^((?:root|home\/[^/]+)\/\.cache\/pip)\/.+$/ },
  { manager: 'npm', dir: /^((?:root|home\/[^/]+)\/\.npm\/_cacache)\/.+$/ },
  { manager: 'yarn', dir: /^((?:usr\/local\/share|root|home\/[^/]+)\/\.cache\/yarn)\/.+$/ },
]

const SUDO = /^(?:usr\/)?(?:s?bin)\/sudo$/
/** Directories where world-writable is expected (sticky or virtual). */
const WW_EXEMPT = /^(?:tmp|var\/tmp|dev|proc|sys|run)(?:\/|$)/

function cacheOf(path: string): { manager: string; dir: string } | undefined {
  for (const c of CACHE_DIRS) {
    const m = c.dir.exec(path)
    if (m) return { manager: c.manager, dir: m[1] as string }
  }
  return undefined
}

/**
 * The image-files scanner: metadata only (no bodies): world-writable files and directories without
 * the sticky bit, package-manager caches per directory, and a sudo binary.
 */
export function imageFilesScanner(): LayerScanner {
  return {
    id: 'image-files',
    version: IMAGE_FILES_SCANNER_VERSION,
    start(): LayerScan {
      const worldWritable: ImageFilesLayerResult['worldWritable'] = []
      const caches = new Map<string, { dir: string; manager: string; files: number; bytes: number }>()
      const sudo: string[] = []
      return {
        wants(e) {
          const regular = e.kind === 'file' || e.kind === 'hardlink'
          if ((regular || e.kind === 'dir') && e.mode & 0o002 && !(e.mode & 0o1000) && !WW_EXEMPT.test(e.path)) {
            worldWritable.push({ path: e.path, mode: e.mode, kind: e.kind })
          }
          if (!regular) return false
          if (SUDO.test(e.path)) sudo.push(e.path)
          const c = cacheOf(e.path)
          if (c) {
            const cur = caches.get(c.dir) ?? { ...c, files: 0, bytes: 0 }
            caches.set(c.dir, { ...cur, files: cur.files + 1, bytes: cur.bytes + e.size })
          }
          return false
        },
        visit() {},
        finish(): ImageFilesLayerResult {
          return { type: 'image-files', worldWritable, caches: [...caches.values()], sudo }
        },
      }
    },
  }
}
