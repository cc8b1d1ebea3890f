import { describe, expect, it } from 'vitest'
import { parseManifests } from './load.js'
import { splitPointer } from './pointer.js'

const MULTI = `# leading comment
---
apiVersion: v1
kind: Service
metadata:
  name: a
---
---
# only a comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      initContainers:
      - name: init
        image: busybox
      containers:
        - name: one
          image: nginx
        - name: two
          image: "redis:7"
          securityContext:
            privileged: true
---
`

describe('parseManifests', () => {
  it('finds every document and its lines, skipping empty ones', () => {
    const r = parseManifests(MULTI, 'm.yaml')

    expect(r.errors).toEqual([])
    expect(r.objects.map((o) => [o.kind, o.name, o.source.line])).toEqual([['Service', 'a', 2], ['Deployment', 'd', 10]])
  })

  it.each([
    { pointer: 'metadata.name', line: 14 },
    { pointer: 'spec.template.spec.initContainers[0].image', line: 20 },
    { pointer: 'spec.template.spec.containers[1]', line: 24 },
    { pointer: 'spec.template.spec.containers[1].image', line: 25 },
    { pointer: 'spec.template.spec.containers[1].securityContext.privileged', line: 27 },
    { pointer: 'spec.template.spec.containers[0].securityContext.privileged', line: 22 },
    { pointer: 'spec.template.spec.volumes', line: 17 },
  ])('locates $pointer on line $line (nearest ancestor when absent)', ({ pointer, line }) => {
    const d = parseManifests(MULTI, 'm.yaml').objects[1]

    expect(d?.locate(pointer)).toBe(line)
  })

  it('expands List kinds and locates inside items', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: x\n  spec:\n    hostPID: true\n'

    const [pod] = parseManifests(text, 'l.yaml').objects

    expect(pod?.name).toBe('x')
    expect(pod?.locate('spec.hostPID')).toBe(9)
  })

  it('keeps the other documents when one does not parse', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [bad\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: also-ok\n'

    const r = parseManifests(text, 'e.yaml')

    expect(r.objects.map((o) => o.name)).toEqual(['ok', 'also-ok'])
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]?.line).toBe(8)
  })

  it('notes documents that are not Kubernetes objects', () => {
    const r = parseManifests('just: data\n---\n- a\n- b\n', 'n.yaml')

    expect(r.objects).toEqual([])
    expect(r.unknowns.map((u) => u.reason)).toEqual(['document has no apiVersion and kind', 'document is not a mapping'])
  })

  it.each([
    { text: '', n: 0 },
    { text: '# nothing\n', n: 0 },
    { text: '\u0000\u0001garbage: [', n: 0 },
  ])('never throws on hostile input ($text)', ({ text, n }) => {
    expect(parseManifests(text, 'h.yaml').objects).toHaveLength(n)
  })

  it('splits pointers', () => {
    expect(splitPointer('spec.containers[2].ports[0].hostPort')).toEqual(['spec', 'containers', 2, 'ports', 0, 'hostPort'])
  })
})
