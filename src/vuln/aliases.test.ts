import { describe, expect, it } from 'vitest'
import type { Advisory } from '../core/index.js'
import { groupMatches } from './aliases.js'
import type { Match } from './matchers/index.js'

function m(id: string, extra: Partial<Advisory> = {}, fixed: string[] = []): Match {
  return { advisory: { id, modified: 'm', ...extra }, entries: [], fixed }
}

describe('groupMatches', () => {
  it.each([
    {
      name: 'GHSA and GO records sharing a CVE alias',
      matches: [m('GHSA-a', { aliases: ['CVE-1'] }), m('GO-1', { aliases: ['CVE-1', 'GHSA-a'] })],
      want: [{ id: 'CVE-1', aliases: ['GHSA-a', 'GO-1'] }],
    },
    {
      name: 'DEBIAN-CVE and DSA linked through upstream',
      matches: [m('DEBIAN-CVE-1', { upstream: ['CVE-1'] }), m('DSA-1', { upstream: ['CVE-1'] })],
      want: [{ id: 'CVE-1', aliases: ['DEBIAN-CVE-1', 'DSA-1'] }],
    },
    {
      name: 'related is not an alias',
      matches: [m('GHSA-a', { aliases: ['CVE-1'], related: ['CVE-2'] }), m('GHSA-b', { aliases: ['CVE-2'] })],
      want: [
        { id: 'CVE-1', aliases: ['GHSA-a'] },
        { id: 'CVE-2', aliases: ['GHSA-b'] },
      ],
    },
    {
      name: 'an umbrella DSA joins each of its CVEs',
      matches: [m('DSA-9', { upstream: ['CVE-1', 'CVE-2'] }), m('DEBIAN-CVE-1', { upstream: ['CVE-1'] })],
      want: [
        { id: 'CVE-1', aliases: ['DEBIAN-CVE-1', 'DSA-9'] },
        { id: 'CVE-2', aliases: ['DSA-9'] },
      ],
    },
    {
      name: 'no CVE: the GHSA id is preferred',
      matches: [m('PYSEC-1', { aliases: ['GHSA-z'] })],
      want: [{ id: 'GHSA-z', aliases: ['PYSEC-1'] }],
    },
    {
      name: 'one record naming itself and a CVE twice (aliases and upstream)',
      matches: [m('DEBIAN-CVE-3', { aliases: ['DEBIAN-CVE-3', 'CVE-3', 'GHSA-c'], upstream: ['CVE-3'] })],
      want: [{ id: 'CVE-3', aliases: ['DEBIAN-CVE-3', 'GHSA-c'] }],
    },
    {
      name: 'one umbrella record alone',
      matches: [m('DSA-8', { upstream: ['CVE-2', 'CVE-1', 'CVE-2'] })],
      want: [
        { id: 'CVE-1', aliases: ['DSA-8'] },
        { id: 'CVE-2', aliases: ['DSA-8'] },
      ],
    },
    {
      name: 'no alias at all',
      matches: [m('GO-2020-0001')],
      want: [{ id: 'GO-2020-0001', aliases: [] }],
    },
  ])('$name', ({ matches, want }) => {
    const groups = groupMatches(matches)

    expect(groups.map((g) => ({ id: g.id, aliases: g.aliases }))).toEqual(want)
  })

  it('keeps every record of a group for fixed versions and severity', () => {
    const groups = groupMatches([
      m('DSA-1', { upstream: ['CVE-1'] }, ['1.1']),
      m('DEBIAN-CVE-1', { upstream: ['CVE-1'] }),
    ])

    expect(groups[0]?.matches.map((x) => x.advisory.id)).toEqual(['DSA-1', 'DEBIAN-CVE-1'])
  })
})
