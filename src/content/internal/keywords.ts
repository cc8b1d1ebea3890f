/**
 * One-pass multi-keyword search (Aho-Corasick compiled to a byte DFA). The text rules gate their
 * regexes on literal keywords; checking ~125 keywords with one Buffer.indexOf each reads every body
 * ~125 times (measured on the Debian test image's 12 MB of text: 1.7-2.8 s), while one pass of
 * this automaton finds all of them at once (0.13-0.34 s). A regex alternation sits between (0.4-0.9 s).
 * ref: Aho & Corasick, "Efficient string matching", CACM 18(6), 1975.
 */
export interface KeywordMatcher {
  readonly keywords: readonly string[]
  /** The keywords that occur in the body, as a set of the keyword strings. */
  find(body: Buffer): ReadonlySet<string>
}

/** Compiles keywords (case-sensitive, matched as UTF-8 bytes) into a matcher. */
export function createKeywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const list = [...new Set(keywords)].filter((k) => k.length > 0)
  const gotos: Map<number, number>[] = [new Map()]
  const outs: number[][] = [[]]
  for (const [id, k] of list.entries()) {
    let s = 0
    for (const b of Buffer.from(k, 'utf8')) {
      let n = gotos[s]?.get(b)
      if (n === undefined) {
        n = gotos.length
        gotos.push(new Map())
        outs.push([])
        gotos[s]?.set(b, n)
      }
      s = n
    }
    outs[s]?.push(id)
  }
  const n = gotos.length
  // delta holds next-state offsets (state * 256) so the hot loop needs no multiplication.
  const delta = new Int32Array(n * 256)
  const fail = new Int32Array(n)
  const queue: number[] = []
  for (let b = 0; b < 256; b++) {
    const next = gotos[0]?.get(b)
    delta[b] = (next ?? 0) * 256
    if (next !== undefined) queue.push(next)
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q] as number
    for (let b = 0; b < 256; b++) {
      const next = gotos[s]?.get(b)
      const viaFail = delta[(fail[s] as number) * 256 + b] as number
      if (next === undefined) {
        delta[s * 256 + b] = viaFail
        continue
      }
      fail[next] = viaFail / 256
      outs[next]?.push(...(outs[viaFail / 256] ?? []))
      delta[s * 256 + b] = next * 256
      queue.push(next)
    }
  }
  const terminal = new Uint8Array(n)
  for (let s = 0; s < n; s++) terminal[s] = (outs[s]?.length ?? 0) > 0 ? 1 : 0
  return {
    keywords: list,
    find(body: Buffer): ReadonlySet<string> {
      const found = new Set<string>()
      // A plain Uint8Array view: element reads on it stay on V8's fast typed-array path.
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length)
      const n = bytes.length
      let s = 0
      for (let i = 0; i < n; i++) {
        s = delta[s + (bytes[i] as number)] as number
        if (terminal[s >>> 8] !== 0) for (const id of outs[s >>> 8] ?? []) found.add(list[id] as string)
      }
      return found
    },
  }
}
