import type { AnalysisResult } from '../../analyzer.js'
import { toLangPackage } from '../internal/lang-package.js'

// ref: https://guides.rubygems.org/specification-reference/
// ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#gem
// Installed gemspecs are Ruby written by `Gem::Specification#to_ruby`; they are read here as
// text, never run: `s.name = "rack".freeze`, `s.version = "2.2.4"`, `s.licenses = ["MIT".freeze]`.

/** `<var>.<field> = <value>` for the fields read; the variable is `s` in generated specs. */
const ASSIGN = /^\s*[a-z_]\w*\.(name|version|license|licenses)\s*=\s*(.+)$/
/** Ruby string literals: "..", '..', %q{..} %Q{..} %q<..> %q(..) %q[..]. */
const LITERAL =
  /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|%[qQ]?(?:\{([^}]*)\}|<([^>]*)>|\(([^)]*)\)|\[([^\]]*)\])/g
/** A gem version: segments of digits and letters (Gem::Version::VERSION_PATTERN, simplified). */
const VERSION = /^[0-9]+(?:[.-]?[0-9A-Za-z]+)*$/
/** The header line rubygems writes into installed specs: `# stub: rack 2.2.22 ruby lib`. */
const STUB = /^# stub: (\S+) (\S+)/m

/** Every string literal in a Ruby expression, unescaped for the simple escapes. */
export function rubyStrings(expr: string): string[] {
  const out: string[] = []
  for (const m of expr.matchAll(LITERAL)) {
    const raw = m.slice(1).find((g) => g !== undefined) ?? ''
    out.push(raw.replace(/\\(["'\\])/g, '$1'))
  }
  return out
}

interface GemspecFields {
  name?: string
  version?: string
  licenses?: string[]
}

function readAssignments(text: string): GemspecFields {
  const f: GemspecFields = {}
  for (const line of text.split(/\r?\n/)) {
    const m = ASSIGN.exec(line)
    if (!m) continue
    const [, field, value = ''] = m
    const strings = rubyStrings(value)
    // Each field is assigned once in a generated spec; the first assignment wins.
    if (field === 'name') f.name ??= strings[0]
    else if (field === 'version') f.version ??= strings[0]
    else f.licenses ??= strings.map((s) => s.trim()).filter((s) => s !== '')
  }
  return f
}

/**
 * Parses one installed gemspec. Name and version come from the `s.name` / `s.version`
 * assignments (a `Gem::Version.new("1.0")` value included), else from the `# stub:` header line;
 * licenses from `s.licenses` or `s.license`.
 */
export function parseGemspec(text: string, path: string, foundBy: string): AnalysisResult {
  const f = readAssignments(text)
  const stub = STUB.exec(text)
  const name = f.name ?? stub?.[1]
  const version = f.version ?? stub?.[2]
  if (!name || !version) {
    return { packages: [], unknowns: [{ path, reason: 'gemspec: no name or version' }] }
  }
  if (!VERSION.test(version) || /\s/.test(name)) {
    return {
      packages: [],
      unknowns: [
        {
          path,
          reason: `gemspec: unreadable name or version "${`${name} ${version}`.slice(0, 200)}"`,
        },
      ],
    }
  }
  const pkg = toLangPackage({
    type: 'gem',
    name,
    version,
    licenses: f.licenses ?? [],
    path,
    foundBy,
  })
  return { packages: [pkg], unknowns: [] }
}
