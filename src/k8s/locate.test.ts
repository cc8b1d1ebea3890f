import { describe, expect, it } from 'vitest'
import { lineIndex, locateIn } from './locate.js'
import { fieldPath } from './pointer.js'

const JSON_POD = JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { 'a.b/c': 'x' } },
  spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 1 }] }, { name: 'b', securityContext: { privileged: true } }] },
}, null, 2)

const YAML = "metadata:\n  \"quoted\": 1\n  'single': 2\n  -dash: 4\nspec:\r\n  containers:\r\n  - name: a\r\n    image: x\r\n"

function lineOf(text: string, pointer: string): number {
  return locateIn(lineIndex(text), 0, text.split('\n').length, pointer) + 1
}

describe('locateIn', () => {
  it.each([
    { pointer: 'spec.containers[1].securityContext.privileged', line: 24 },
    { pointer: 'spec.containers[0].ports[0].containerPort', line: 17 },
    { pointer: 'spec.containers[1].nope', line: 21 },
    { pointer: 'spec.containers[2]', line: 11 },
    // a dot inside a key cannot be told from a path separator: the nearest ancestor
    { pointer: 'metadata.labels.a.b/c', line: 6 },
  ])('finds $pointer in pretty-printed JSON on line $line', ({ pointer, line }) => {
    expect(lineOf(JSON_POD, pointer)).toBe(line)
  })

  it.each([
    { pointer: 'metadata.quoted', line: 2 },
    { pointer: 'metadata.single', line: 3 },
    { pointer: 'metadata.-dash', line: 4 },
    { pointer: 'spec.containers[0].image', line: 8 },
    { pointer: 'spec.containers[0].absent', line: 7 },
    { pointer: 'spec.containers.0', line: 6 },
  ])('finds $pointer in YAML with quoted keys and CRLF on line $line', ({ pointer, line }) => {
    expect(lineOf(YAML, pointer)).toBe(line)
  })

  // js-yaml's dump with indent 4 writes each item as a dash alone on its line, the mapping below
  // it; kubescape's regolibrary fixtures are written that way too
  const LONE_DASH = [
    'spec:', //                      1
    '    containers:', //            2
    '        -', //                  3
    '            name: app', //      4
    '            image: x', //       5
    '            ports:', //         6
    '                -', //          7
    '                    containerPort: 80', // 8
    '                    hostPort: 80', //      9
    '        -', //                  10
    '            name: b', //        11
  ].join('\n')
  // a key on an item's dash line whose value is a sequence indented below it
  const KEY_ON_DASH = [
    'spec:', //                      1
    '  egress:', //                  2
    '    - ports:', //               3
    '        - port: 53', //         4
    '          protocol: TCP', //    5
    '        - port: 53', //         6
    '          protocol: UDP', //    7
    '      to:', //                  8
    '        - ipBlock:', //         9
    '            cidr: 10.0.0.0/8', // 10
  ].join('\n')

  it.each([
    { text: LONE_DASH, pointer: 'spec.containers[0]', line: 3 },
    { text: LONE_DASH, pointer: 'spec.containers[0].image', line: 5 },
    { text: LONE_DASH, pointer: 'spec.containers[0].ports[0].hostPort', line: 9 },
    { text: LONE_DASH, pointer: 'spec.containers[1].name', line: 11 },
    { text: LONE_DASH, pointer: 'spec.containers[1].image', line: 10 },
    { text: KEY_ON_DASH, pointer: 'spec.egress[0].ports[0]', line: 4 },
    { text: KEY_ON_DASH, pointer: 'spec.egress[0].ports[1].protocol', line: 7 },
    { text: KEY_ON_DASH, pointer: 'spec.egress[0].to[0].ipBlock.cidr', line: 10 },
  ])('finds $pointer on line $line in items written as a lone dash or with a key on the dash line', ({ text, pointer, line }) => {
    expect(lineOf(text, pointer)).toBe(line)
  })

  it('gives the same lines when one lookup follows another on the same document', () => {
    const pointers = [
      'spec.containers[1].securityContext.privileged', 'spec.containers[1].securityContext', 'spec.containers[1].name',
      'spec.containers[10]', 'spec.containers[1]x.name', 'spec.containers', 'spec..containers[0].ports[0]', 'spec.containers[0].ports',
      'spec.containersx', 'metadata.name', 'metadata', 'spec.containers[0].image', 'spec.containers[0].image', '',
    ]
    const ix = lineIndex(JSON_POD)
    const other = lineIndex(YAML)
    const n = JSON_POD.split('\n').length
    const alone = pointers.map((p) => {
      locateIn(other, 0, 1, 'metadata')
      return locateIn(ix, 0, n, p)
    })

    expect(pointers.map((p) => locateIn(ix, 0, n, p))).toEqual(alone)
    expect([...pointers].reverse().map((p) => locateIn(ix, 0, n, p))).toEqual([...alone].reverse())
  })

  it('reads the lines of a text once, whatever the line endings', () => {
    const ix = lineIndex('a\n\n  b: 1\r\n- c\n')

    expect(ix.count).toBe(5)
    expect([...ix.starts]).toEqual([0, 2, 3, 11, 15])
    expect([...ix.indent]).toEqual([0, 0, 2, 2, 0])
  })
})

describe('fieldPath', () => {
  it('joins a path and a field, one string per pair', () => {
    const a = fieldPath('spec.containers[0]', '.image')
    const b = fieldPath(['spec', 'containers[0]'].join('.'), ['.', 'image'].join(''))

    expect(a).toBe('spec.containers[0].image')
    expect(Object.is(a, b)).toBe(true)
    expect(fieldPath('spec.containers[0]', '.name')).toBe('spec.containers[0].name')
  })
})
