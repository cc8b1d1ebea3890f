import { describe, expect, it } from 'vitest'
import { compileExpression, ExprError } from './index.js'

describe('compileExpression', () => {
  it.each([
    { name: 'comparison', text: 'o.spec.replicas > 1', vars: { o: { spec: { replicas: 3 } } }, want: true },
    { name: 'double vs int', text: 'o.uid == 0', vars: { o: { uid: 0 } }, want: true },
    { name: 'has macro', text: 'has(o.a) || o.b == "x"', vars: { o: { b: 'x' } }, want: true },
    { name: 'exists macro', text: 'o.c.exists(c, c.name == "web")', vars: { o: { c: [{ name: 'web' }] } }, want: true },
    { name: 'int result', text: 'size(o.c)', vars: { o: { c: [1, 2] } }, want: 2 },
    { name: 'string ops', text: 'o.image.endsWith(":latest")', vars: { o: { image: 'nginx:latest' } }, want: true },
  ])('$name', ({ text, vars, want }) => {
    const r = compileExpression(text)

    expect(r.ok).toBe(true)
    if (r.ok) expect(r.expression.evaluate(vars)).toEqual(want)
  })

  it.each([
    { name: 'dangling operator', text: 'a +' },
    { name: 'unbalanced', text: 'f(a' },
    { name: 'empty', text: '  ' },
  ])('reports $name as a diagnostic', ({ text }) => {
    const r = compileExpression(text)

    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.diagnostics[0]?.message.length).toBeGreaterThan(0)
  })

  it('gives the line of a syntax error', () => {
    const r = compileExpression('a &&\n  (b ||')

    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.diagnostics[0]?.line).toBe(2)
  })

  it('throws ExprError with the expression text on a missing key', () => {
    const r = compileExpression('o.missing.z')

    expect(r.ok).toBe(true)
    if (r.ok) expect(() => r.expression.evaluate({ o: {} })).toThrow(ExprError)
  })
})
