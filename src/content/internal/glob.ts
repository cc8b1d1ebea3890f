/**
 * Converts a path glob to a RegExp: `**` crosses directories, `*` and `?` stay inside one segment.
 * Paths are image paths without a leading slash; a leading slash in the glob is ignored.
 */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\/+/, '')
  let re = ''
  for (let i = 0; i < g.length; i++) {
    const ch = g[i] as string
    if (ch === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/'
      re += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (ch === '*') re += '[^/]*'
    else if (ch === '?') re += '[^/]'
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** True when `path` matches any glob. */
export function matchesAnyGlob(path: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(path))
}
