// ref: https://go.dev/src/runtime/debug/mod.go (BuildInfo.String / ParseBuildInfo line format)

/** A module as the build information records it, after any `=>` replacement. */
export interface GoModule {
  readonly path: string
  readonly version: string
  /** The go.sum hash ("h1:..."); absent for the main module and for local replacements. */
  readonly sum?: string
}

/** The module part of Go build information. */
export interface GoModInfo {
  /** The main package's import path (`path` line). */
  readonly path?: string
  /** The main module (`mod` line), if the binary was built in module mode. */
  readonly main?: GoModule
  /** Dependencies (`dep` lines), each replaced by its `=>` line when one follows. */
  readonly deps: readonly GoModule[]
  /** Lines that did not have the expected shape. */
  readonly bad: readonly string[]
}

function toModule(fields: readonly string[]): GoModule | undefined {
  const [path, version = '', sum] = fields
  if (!path) return undefined
  return sum ? { path, version, sum } : { path, version }
}

/**
 * Parses the text of Go module information. A `=>` line replaces the module on the line before it
 * (a `mod` or a `dep`), as `go version -m` shows; other line kinds (build settings) are ignored.
 */
export function parseModinfo(text: string): GoModInfo {
  let path: string | undefined
  let main: GoModule | undefined
  const deps: GoModule[] = []
  const bad: string[] = []
  let last: 'mod' | 'dep' | undefined
  for (const line of text.split('\n')) {
    if (line === '') continue
    const [kind = '', ...fields] = line.split('\t')
    if (kind === 'path') {
      path = fields[0]
    } else if (kind === 'mod' || kind === 'dep') {
      const m = toModule(fields)
      if (!m) {
        bad.push(line)
        last = undefined
        continue
      }
      if (kind === 'mod') main = m
      else deps.push(m)
      last = kind
    } else if (kind === '=>') {
      const m = toModule(fields)
      if (!m || !last) {
        bad.push(line)
        continue
      }
      if (last === 'mod') main = m
      else deps[deps.length - 1] = m
      last = undefined
    }
  }
  return { ...(path ? { path } : {}), ...(main ? { main } : {}), deps, bad }
}
