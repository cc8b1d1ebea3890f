import { describe, expect, it } from 'vitest'
import { createPainter, displayWidth, drawTable, sanitizeCell, truncate } from './table-layout.js'

describe('sanitizeCell', () => {
  it.each([
    { name: 'ANSI escape', input: '\u001b[31mred\u001b[0m', want: '?[31mred?[0m' },
    { name: 'OSC 8 hyperlink', input: 'a\u001b]8;;http://x\u001b\\b', want: 'a?]8;;http://x?\\b' },
    { name: 'line breaks and tabs', input: 'a\r\nb\tc', want: 'a b c' },
    { name: 'C1 control', input: 'x\u009by', want: 'x?y' },
    { name: 'bell', input: 'x\u0007', want: 'x?' },
    { name: 'plain unicode kept', input: 'ключ 鍵', want: 'ключ 鍵' },
  ])('$name', ({ input, want }) => {
    expect(sanitizeCell(input)).toBe(want)
  })
})

describe('displayWidth and truncate', () => {
  it.each([
    { input: 'abc', width: 3 },
    { input: '鍵鍵', width: 4 },
    { input: 'e\u0301', width: 1 },
    { input: '🔒x', width: 3 },
  ])('width of $input is $width', ({ input, width }) => {
    expect(displayWidth(input)).toBe(width)
  })

  it.each([
    { input: 'abcdef', width: 4, want: 'abc…' },
    { input: 'abc', width: 3, want: 'abc' },
    { input: '鍵鍵鍵', width: 4, want: '鍵…' },
    { input: 'abc', width: 0, want: '' },
  ])('truncate($input, $width) = $want', ({ input, width, want }) => {
    expect(truncate(input, width)).toBe(want)
    expect(displayWidth(truncate(input, width))).toBeLessThanOrEqual(Math.max(width, 0))
  })
})

describe('drawTable', () => {
  const spec = {
    headers: ['Name', 'Title'],
    rows: [
      { cells: ['short', 'a fairly long title that will need to be cut down to fit'] },
      { cells: ['another-name', 'x'], separatorBefore: true },
    ],
    shrinkOrder: [1, 0],
  }

  it.each([30, 40, 80])('fits %i columns', (width) => {
    const lines = drawTable(spec, width).split('\n')

    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width)
    expect(new Set(lines.map(displayWidth)).size).toBe(1)
  })

  it('keeps full text when there is room and draws group separators', () => {
    const out = drawTable(spec, 200)

    expect(out).toContain('a fairly long title that will need to be cut down to fit')
    expect(out.split('\n').filter((l) => l.startsWith('├'))).toHaveLength(2)
  })

  it('paints without changing the layout', () => {
    const painter = createPainter(true)
    const plain = drawTable(spec, 60)
    const painted = drawTable({ ...spec, paint: (t) => painter.bold(t) }, 60)

    expect(painted).toContain('\u001b[1m')
    // eslint-disable-next-line no-control-regex
    expect(painted.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain)
  })

  it('a painter without colour is the identity', () => {
    const p = createPainter(false)

    expect(p.severity('x', 'critical') + p.bold('y') + p.dim('z')).toBe('xyz')
  })
})
