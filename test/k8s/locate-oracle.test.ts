import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import jsyaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { lineIndex, locateIn } from '../../src/k8s/locate.js'

// The line locateIn gives every key and item of the test manifests, compared with the line the
// `yaml` package's parser records for it, with each manifest written in five block styles
// (indentation 2, 3 and 4, sequences indented or not: js-yaml writes indent-4 items as a dash
// alone on its line, as some generators and kubescape's fixtures do).
// Not compared: keys holding a dot or a bracket (a pointer cannot tell them from its separators:
// the nearest ancestor is given, by design) and an item written as a lone dash (locateIn gives
// the dash's line, the parser the line of the item's first key).

const TESTDATA = join(import.meta.dirname, 'testdata')
const STYLES = [
  { indent: 2, noArrayIndent: false },
  { indent: 2, noArrayIndent: true },
  { indent: 3, noArrayIndent: false },
  { indent: 4, noArrayIndent: false },
  { indent: 4, noArrayIndent: true },
]

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? manifests(p) : /\.ya?ml$/.test(f) ? [p] : []
  })
}

/** Every comparable path of a YAML text with the line the parser puts it on. */
function parserLines(text: string): Map<string, number> {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter })
  const out = new Map<string, number>()
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined
        if (key === undefined || /[.[\]]/.test(key) || !pair.key || !(pair.key as Node).range) continue
        const p = path ? `${path}.${key}` : key
        out.set(p, counter.linePos((pair.key as Node).range?.[0] ?? 0).line)
        walk(pair.value, p)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = `${path}[${i}]`
        const start = (item as Node | null)?.range?.[0]
        if (start !== undefined) out.set(p, counter.linePos(start).line)
        walk(item, p)
      })
    }
  }
  walk(doc.contents, '')
  return out
}

describe('locateIn against the yaml parser', () => {
  it('puts every key and item of the test manifests on the parser\'s line, in five block styles', () => {
    let compared = 0
    const wrong: string[] = []
    for (const file of manifests(TESTDATA)) {
      let docs: unknown[]
      try {
        docs = jsyaml.loadAll(readFileSync(file, 'utf8'))
      } catch {
        continue // the invalid-YAML fixtures
      }
      for (const obj of docs) {
        if (!obj || typeof obj !== 'object') continue
        for (const style of STYLES) {
          const text = jsyaml.dump(obj, { ...style, lineWidth: -1 })
          const lines = text.split('\n')
          const ix = lineIndex(text)
          for (const [path, want] of parserLines(text)) {
            const got = locateIn(ix, 0, lines.length, path) + 1
            if (got === want - 1 && path.endsWith(']') && /^\s*-\s*$/.test(lines[got - 1] ?? '')) continue // lone dash
            compared++
            if (got !== want) wrong.push(`${file} indent=${style.indent} ${path}: line ${got}, parser ${want}`)
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([])
    expect(compared).toBeGreaterThan(10_000)
  })
})
