// ref: https://docs.docker.com/reference/dockerfile/ (format, parser directives, line
// continuation with the escape character, comments, here-documents)

/** One Dockerfile instruction with its line span. */
export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, ENV... */
  readonly keyword: string
  /** Everything after the keyword, continuation lines joined with a space; heredoc bodies appended. */
  readonly args: string
  /** 1-based first and last line. */
  readonly startLine: number
  readonly endLine: number
  /** 0-based build stage (index of the FROM this instruction follows; -1 before the first FROM). */
  readonly stage: number
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  readonly instructions: readonly DockerInstruction[]
  /** Lines the parser could not read as an instruction (reported, never fatal). */
  readonly unknown: readonly { readonly line: number; readonly text: string }[]
}

function escapeChar(lines: readonly string[]): string {
  for (const line of lines) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line)
    if (!m) break
    if ((m[1] as string).toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2]
  }
  return '\\'
}

/** Heredoc terminators an instruction line opens (`<<EOF`, `<<-EOF`, `<<"EOF"`). */
function heredocs(text: string): { word: string; strip: boolean }[] {
  return [...text.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)].map((m) => ({ word: m[3] as string, strip: m[1] === '-' }))
}

/** Parses a Dockerfile into instructions with line numbers. Never throws. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const esc = escapeChar(lines)
  const instructions: DockerInstruction[] = []
  const unknown: { line: number; text: string }[] = []
  let stage = -1
  let i = 0
  while (i < lines.length) {
    const first = lines[i] as string
    if (/^\s*(?:#.*)?$/.test(first)) {
      i++
      continue
    }
    const start = i
    let joined = ''
    let cur = first
    for (;;) {
      const trimmed = cur.replace(/\s+$/, '')
      const continued = trimmed.endsWith(esc)
      joined += `${continued ? trimmed.slice(0, -1) : trimmed} `
      if (!continued || i + 1 >= lines.length) break
      i++
      // Comment lines inside a continued instruction are removed (Docker's documented behaviour).
      while (i < lines.length && /^\s*#/.test(lines[i] as string)) i++
      cur = lines[i] ?? ''
    }
    for (const h of heredocs(joined)) {
      while (i + 1 < lines.length) {
        i++
        const body = lines[i] as string
        if ((h.strip ? body.replace(/^\t+/, '') : body) === h.word) break
        joined += `\n${body}`
      }
    }
    const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(joined.trim())
    if (!m) {
      unknown.push({ line: start + 1, text: first })
      i++
      continue
    }
    const keyword = (m[1] as string).toUpperCase()
    if (keyword === 'FROM') stage++
    instructions.push({ keyword, args: (m[2] ?? '').trim(), startLine: start + 1, endLine: i + 1, stage })
    i++
  }
  return { instructions, unknown }
}

/** Splits `--flag=value` options off the front of an instruction's arguments. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {}
  let rest = args
  for (;;) {
    const m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest)
    if (!m) break
    flags[m[1] as string] = m[2] ?? 'true'
    rest = rest.slice(m[0].length)
  }
  return { flags, rest }
}
