// ref: https://yaml.org/spec/1.2.2/#73-flow-scalar-styles (quoted keys: '' in single, \ escapes in double)

/**
 * The 1-based line of each key of a YAML block mapping whose keys stand `indent` spaces in, over
 * `lines[from, to)`, as lockfile writers put them: one key per line, plain, single- or
 * double-quoted, the line ending with `:` (the value below). Keys written otherwise (flow style,
 * a value on the same line) get no line; the first line of a repeated key wins.
 */
export function yamlKeyLines(lines: readonly string[], indent: number, from = 0, to = lines.length): Map<string, number> {
  const out = new Map<string, number>()
  const key = new RegExp(`^ {${indent}}("(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*'|[^\\s#"'][^#]*?):\\s*$`)
  for (let i = from; i < to; i++) {
    const m = key.exec(lines[i] as string)
    if (!m) continue
    const raw = m[1] as string
    let k = raw
    if (raw.startsWith("'")) k = raw.slice(1, -1).replaceAll("''", "'")
    else if (raw.startsWith('"')) {
      try {
        k = JSON.parse(raw) as string
      } catch {
        continue
      }
    }
    if (!out.has(k)) out.set(k, i + 1)
  }
  return out
}
