import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import jsyaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { documentRanges } from './load.js'
import { loadSubset } from './yaml-subset.js'

const KUBE_SCORE = join(import.meta.dirname, '../../test/k8s/testdata/kube-score')
const manifests = readdirSync(KUBE_SCORE).map((f) => readFileSync(join(KUBE_SCORE, f), 'utf8'))

function subset(text: string): unknown[] | undefined {
  return loadSubset(text, documentRanges(text))
}

/** What the loader would take from js-yaml, or undefined when js-yaml refuses the text. */
function reference(text: string): unknown[] | undefined {
  try {
    return jsyaml.loadAll(text)
  } catch {
    return undefined
  }
}

/** The subset either declines or gives exactly js-yaml's documents (never a second dialect). */
function expectAgrees(text: string): void {
  const got = subset(text)
  if (got === undefined) return
  expect(got).toEqual(reference(text))
}

// characters that change YAML structure, inserted, deleted or replaced at random places
const EDITS = [' ', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '\n', 'x', '0', ': ', '- ', '\n  ', '\n- ', '-\n', ':\n', '&', '*', '!', '|', '%', '.', '~', '\\']

function edit(text: string, edits: readonly [number, number, number][]): string {
  let t = text
  for (const [at, kind, what] of edits) {
    const p = at % (t.length + 1)
    const s = EDITS[what % EDITS.length] as string
    if (kind === 0) t = t.slice(0, p) + s + t.slice(p)
    else if (kind === 1) t = t.slice(0, p) + t.slice(p + 1 + (what % 3))
    else t = t.slice(0, p) + s + t.slice(p + 1)
  }
  return t
}

const scalar = fc.oneof(
  fc.constantFrom('nginx', 'true', 'True', 'null', '~', '1', '-1', '0x1F', '0o17', '012', '1.5', '.inf', '1e3', '2001-12-14', 'yes', 'a b', 'http://x:80/p', "it's", 'say "hi"', '#x', 'a #b', '- a', ':x', '<<', '', 'toString'),
  fc.integer({ min: -1000, max: 100000 }),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true }),
)
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('seq'), tie('map')),
  seq: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(fc.constantFrom('name', 'image', 'spec', 'a', 'b-c', 'x.y/z', '8080', 'on', 'True', 'null', '1.0'), tie('node'), { maxKeys: 5 }),
})).node

describe('loadSubset', () => {
  it('reads ordinary manifests itself', () => {
    const read = manifests.filter((m) => !m.includes('\r')).map(subset)

    expect(read.length).toBeGreaterThan(40)
    expect(read.every((r) => r !== undefined)).toBe(true)
  })

  it('gives exactly the documents js-yaml gives for real manifests', () => {
    for (const m of manifests) expectAgrees(m)
  })

  it.each([
    { name: 'compact sequences', text: 'a:\n- x\n- y: 1\n  z:\n  - 2\nb: c\n' },
    { name: 'keys resolved as js-yaml does', text: 'True: 1\n~: 2\n0x10: 3\n1.0: 4\n' },
    { name: 'quoted keys and values', text: '"a b": \'it\'\'s\'\n\'c\' : "d" # e\n' },
    { name: 'flow sequences of scalars', text: 'a: ["x", y, 1, -2, true, \'z\']\nb: []\nc: {}\n' },
    { name: 'empty items and values', text: 'a:\nb:\n-\n' },
    { name: 'keys every object inherits', text: 'toString: 1\nconstructor:\n  valueOf: 2\n' },
    { name: 'comments and blank lines anywhere', text: '# x\n---  # y\na: 1 # z\n\n   # w\nb:\n  # v\n  c: 2\n---\n' },
  ])('reads $name as js-yaml does', ({ text }) => {
    expect(subset(text)).toEqual(reference(text))
  })

  it.each([
    { name: 'anchors', text: 'a: &x 1\nb: *x\n' },
    { name: 'block scalars', text: 'a: |\n  line\n' },
    { name: 'multi-line plain scalars', text: 'a: one\n  two\n' },
    { name: 'escapes', text: 'a: "x\\ty"\n' },
    { name: 'duplicate keys', text: 'a: 1\na: 2\n' },
    { name: 'duplicate keys after a nested mapping', text: 'a:\n  b: 1\n  c: 2\nd: 3\na: 4\n' },
    { name: 'tabs', text: 'a:\t1\n' },
    { name: 'CRLF', text: 'a: 1\r\n' },
    { name: 'flow mappings', text: 'a: {b: 1}\n' },
    { name: 'merge keys', text: '<<: {a: 1}\n' },
    { name: 'a document end marker', text: 'a: 1\n...\n' },
    // js-yaml reads the last line as an item of the inner sequence
    { name: 'an empty item before a less indented dash', text: 'items:\n- a\n-\n -\n-   c: 1\n' },
  ])('leaves $name to js-yaml', ({ text }) => {
    expect(subset(text)).toBeUndefined()
  })

  it('agrees with js-yaml on dumped values, as written and edited', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 3 }),
        fc.record({ flow: fc.integer({ min: -1, max: 3 }), noArrayIndent: fc.boolean(), indent: fc.integer({ min: 1, max: 4 }) }),
        fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.nat()), { maxLength: 3 }),
        (docs, o, edits) => {
          const text = docs.map((d) => `---\n${jsyaml.dump(d, { flowLevel: o.flow, noArrayIndent: o.noArrayIndent, indent: o.indent, lineWidth: -1 })}`).join('')
          expectAgrees(text)
          const edited = edit(text, edits)
          // a text with nothing but comments and blanks is handled before the subset is asked
          if (/\S/.test(edited.replace(/#.*/g, '').replace(/^---\s*$/gm, ''))) expectAgrees(edited)
        },
      ),
      { numRuns: 3000 },
    )
  }, 60_000) // thousands of documents: seconds on a loaded machine

  it('agrees with js-yaml on edited manifests', () => {
    fc.assert(
      fc.property(fc.constantFrom(...manifests), fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.nat()), { minLength: 1, maxLength: 4 }), (text, edits) => {
        expectAgrees(edit(text, edits))
      }),
      { numRuns: 3000 },
    )
  }, 60_000)
})
