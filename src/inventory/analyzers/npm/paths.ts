import { baseName } from '../internal/lang-text.js'

/** What kind of npm file a path is. */
export type NpmFileKind = 'installed' | 'app' | 'lockfile'

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json'])

/**
 * Classifies a path by string tests only (it runs on every file of every layer):
 * - `installed`: `node_modules/<name>/package.json` or `node_modules/@scope/<name>/package.json`,
 *   at any depth (nested `node_modules`, pnpm's `node_modules/.pnpm/<id>/node_modules/<name>`);
 * - `app`: a package.json outside any node_modules folder (the application's own manifest);
 * - `lockfile`: package-lock.json / npm-shrinkwrap.json outside node_modules (one shipped inside
 *   an installed package describes that package's development tree, not what is installed).
 * package.json files deeper inside a package (`node_modules/x/lib/package.json`, often just
 * `{"type":"module"}`) and npm's hidden `node_modules/.package-lock.json` are not read.
 */
export function npmFileKind(path: string): NpmFileKind | undefined {
  const base = baseName(path)
  if (base !== 'package.json' && !LOCKFILES.has(base)) return undefined
  const segs = path.split('/')
  const nm = segs.lastIndexOf('node_modules')
  if (LOCKFILES.has(base)) return nm < 0 ? 'lockfile' : undefined
  if (nm < 0) return 'app'
  const rest = segs.slice(nm + 1)
  const [first, second] = rest
  if (rest.length === 2)
    return isDirName(first) && !first!.startsWith('@') ? 'installed' : undefined
  const scoped = rest.length === 3 && first!.startsWith('@') && first!.length > 1
  return scoped && isDirName(second) ? 'installed' : undefined
}

function isDirName(seg: string | undefined): boolean {
  return seg !== undefined && seg !== '' && !seg.startsWith('.')
}
