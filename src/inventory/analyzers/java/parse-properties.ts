// ref: https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-

/**
 * Parses a Java .properties file (as pom.properties is written): `key=value`, `key: value` or
 * `key value`, `#`/`!` comments, a trailing backslash continues the line, `\uXXXX` escapes.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>()
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trimStart()
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue
    while (endsWithContinuation(line) && i + 1 < lines.length) {
      i++
      line = line.slice(0, -1) + (lines[i] ?? '').trimStart()
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]?\s*(.*)$/.exec(line)
    if (!m) continue
    out.set(unescape(m[1] ?? ''), unescape(m[2] ?? '').trimEnd())
  }
  return out
}

function endsWithContinuation(line: string): boolean {
  let n = 0
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++
  return n % 2 === 1
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_all, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16))
    return e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e
  })
}
