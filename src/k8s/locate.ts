/**
 * Finds the line of a field path inside one document of a manifest by reading its indentation,
 * so positions cost nothing until a finding needs one. Handles block YAML (keys, `- ` items,
 * quoted keys) and pretty-printed JSON; anything else (flow style) resolves to the nearest
 * ancestor that was found.
 */

/** Splits `a.b[0].c` (or `a.b.0.c`) into keys and indexes. */
export function splitPointer(pointer: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const part of pointer.split('.')) {
    if (part === '') continue
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}

interface Range {
  readonly from: number
  readonly to: number
}

function indentOf(line: string): number {
  let i = 0
  while (i < line.length && (line[i] === ' ' || line[i] === '-')) {
    if (line[i] === '-' && line[i + 1] !== ' ' && line[i + 1] !== undefined) break
    i++
  }
  return i
}

function isContent(line: string | undefined): line is string {
  if (line === undefined) return false
  const t = line.trim()
  return t !== '' && !t.startsWith('#') && !/^[{}[\],]+$/.test(t)
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function findKey(lines: readonly string[], r: Range, key: string): Range | undefined {
  const re = new RegExp(`^[ -]*["']?${escapeRe(key)}["']?\\s*:`)
  let col = -1
  for (let i = r.from; i < r.to; i++) {
    const line = lines[i]
    if (!isContent(line)) continue
    const c = indentOf(line)
    if (col < 0) col = c
    if (c !== col || !re.test(line)) continue
    let end = i + 1
    while (end < r.to) {
      const next = lines[end]
      if (isContent(next)) {
        const nc = indentOf(next)
        const lead = next.length - next.trimStart().length
        if (nc <= col && !(lead === col && next.trimStart().startsWith('- '))) break
        if (nc < col) break
      }
      end++
    }
    return { from: i, to: end }
  }
  return undefined
}

function findIndex(lines: readonly string[], r: Range, index: number): Range | undefined {
  const starts: number[] = []
  let col = -1
  for (let i = r.from; i < r.to; i++) {
    const line = lines[i]
    if (line === undefined) continue
    const t = line.trimStart()
    if (t === '' || t.startsWith('#')) continue
    const lead = line.length - t.length
    if (i === r.from && !t.startsWith('-')) {
      // the key line itself ("containers:" or "- containers:"): items follow
      continue
    }
    const dash = t.startsWith('- ') || t === '-'
    const jsonItem = /^[{["\dtfn]/.test(t) && !dash
    if (col < 0 && (dash || jsonItem)) col = lead
    if (lead === col && (dash || (jsonItem && !t.startsWith('}') && !t.startsWith(']')))) starts.push(i)
  }
  const from = starts[index]
  if (from === undefined) return undefined
  return { from, to: starts[index + 1] ?? r.to }
}

/** Line (0-based index into `lines`) of `pointer` within lines [from, to); nearest ancestor if absent. */
export function locateIn(lines: readonly string[], from: number, to: number, pointer: string): number {
  let r: Range = { from, to }
  let found = from
  let scopeFromKeyLine = true
  for (const seg of splitPointer(pointer)) {
    const next =
      typeof seg === 'number'
        ? findIndex(lines, r, seg)
        : findKey(lines, scopeFromKeyLine ? r : { from: r.from + 1, to: r.to }, seg)
    if (!next) return found
    r = next
    found = next.from
    // children of a key start on the next line; the keys of a sequence item start on its dash line
    scopeFromKeyLine = typeof seg === 'number'
  }
  return found
}
