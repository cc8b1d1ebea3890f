import { describe, expect, it } from 'vitest'
import type { AnalysisResult } from './analyzer.js'
import type { LayerAnalysis } from './layer-analysis.js'
import { mergeLayers } from './merge.js'

function layer(
  files: Record<string, string[]>,
  deletions: { whiteouts?: string[]; opaques?: string[] } = {},
): LayerAnalysis {
  const toResult = (names: string[]): AnalysisResult => ({
    packages: names.map((name) => ({
      name,
      version: '1.0.0',
      type: 'npm',
      purl: `pkg:npm/${name}@1.0.0`,
      licenses: [],
      foundBy: 'npm',
    })),
    unknowns: [],
  })
  return {
    files: Object.fromEntries(
      Object.entries(files).map(([p, names]) => [p, [{ analyzer: 'npm', result: toResult(names) }]]),
    ),
    whiteouts: deletions.whiteouts ?? [],
    opaques: deletions.opaques ?? [],
    warnings: [],
    entries: 0,
    bytes: 0,
  }
}

function view(states: ReturnType<typeof mergeLayers>, i: number): Record<string, number> {
  return Object.fromEntries([...(states[i]?.files.values() ?? [])].map((f) => [f.path, f.layerIndex]))
}

describe('mergeLayers', () => {
  it.each([
    {
      name: 'upper copy of a file replaces the lower one',
      layers: [layer({ 'a/package.json': ['a'] }), layer({ 'a/package.json': ['a2'] })],
      want: { 'a/package.json': 1 },
    },
    {
      name: 'a whiteout deletes the file and everything under a deleted directory',
      layers: [
        layer({ 'opt/old/x/package.json': ['x'], 'opt/older': ['y'], 'keep/package.json': ['k'] }),
        layer({}, { whiteouts: ['opt/old'] }),
      ],
      want: { 'opt/older': 0, 'keep/package.json': 0 },
    },
    {
      name: 'an opaque directory hides lower content but keeps its own layer files',
      layers: [
        layer({ 'app/node_modules/a/package.json': ['a'], 'other/p.json': ['o'] }),
        layer({ 'app/node_modules/b/package.json': ['b'] }, { opaques: ['app'] }),
      ],
      want: { 'app/node_modules/b/package.json': 1, 'other/p.json': 0 },
    },
    {
      name: 'a file re-added above its whiteout comes back',
      layers: [layer({ 'f.json': ['f'] }), layer({}, { whiteouts: ['f.json'] }), layer({ 'f.json': ['f'] })],
      want: { 'f.json': 2 },
    },
    {
      name: 'a whiteout does not delete a sibling that shares a name prefix',
      layers: [layer({ 'opt/old': ['a'], 'opt/oldest/p.json': ['b'] }), layer({}, { whiteouts: ['opt/old'] })],
      want: { 'opt/oldest/p.json': 0 },
    },
  ])('$name', ({ layers, want }) => {
    const states = mergeLayers(layers)

    expect(view(states, layers.length - 1)).toEqual(want)
  })

  it('keeps the view after every layer', () => {
    const states = mergeLayers([layer({ 'a.json': ['a'] }), layer({}, { whiteouts: ['a.json'] })])

    expect(view(states, 0)).toEqual({ 'a.json': 0 })
    expect(view(states, 1)).toEqual({})
  })
})
