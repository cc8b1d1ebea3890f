import { describe, expect, it } from 'vitest'
import type { Advisory, AdvisoryAffected } from '../core/index.js'
import { scoreCvss, severityOf } from './severity.js'

describe('scoreCvss', () => {
  it.each([
    // vectors from the fixtures in testdata/osv; scores as FIRST's calculators give them
    { vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', score: 7.4 },
    { vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
    { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    { vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', score: 8.6 },
    { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    { vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3 },
  ])('$vector = $score', ({ vector, score }) => {
    expect(scoreCvss(vector)?.score).toBe(score)
  })

  it.each(['garbage', 'CVSS:3.1/AV:Q', 'CVSS:3.1/AV:N', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', ''])(
    'rejects %j',
    (vector) => {
      expect(scoreCvss(vector)).toBeUndefined()
    },
  )
})

function rec(partial: Partial<Advisory>, entries: AdvisoryAffected[] = []) {
  return { advisory: { id: 'X-1', modified: 'm', ...partial }, entries }
}
const debian = (urgency: string): AdvisoryAffected => ({
  package: { ecosystem: 'Debian:12', name: 'p' },
  ecosystem_specific: { urgency },
})

describe('severityOf', () => {
  it.each([
    {
      name: 'v3 wins over v4 and the ecosystem rating',
      records: [
        rec({
          severity: [
            { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
            { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
          ],
          database_specific: { severity: 'CRITICAL' },
        }),
      ],
      want: { severity: 'high', source: 'cvss-v3' },
    },
    {
      name: 'v4 alone',
      records: [rec({ severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N' }] })],
      want: { severity: 'medium', source: 'cvss-v4' },
    },
    {
      name: 'highest v3 across records',
      records: [
        rec({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' }] }),
        rec({ id: 'X-2', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
      ],
      want: { severity: 'critical', source: 'cvss-v3' },
    },
    { name: 'GHSA MODERATE', records: [rec({ id: 'GHSA-x', database_specific: { severity: 'MODERATE' } })], want: { severity: 'medium', source: 'ecosystem:GitHub' } },
    { name: 'Debian urgency', records: [rec({}, [debian('medium')])], want: { severity: 'medium', source: 'ecosystem:Debian' } },
    { name: 'Debian guessed urgency', records: [rec({}, [debian('high*')])], want: { severity: 'high', source: 'ecosystem:Debian' } },
    { name: 'Debian unimportant', records: [rec({}, [debian('unimportant')])], want: { severity: 'low', source: 'ecosystem:Debian' } },
    { name: 'Debian not yet assigned', records: [rec({}, [debian('not yet assigned')])], want: { severity: 'unknown', source: 'none' } },
    {
      name: 'Ubuntu priority',
      records: [rec({ severity: [{ type: 'Ubuntu', score: 'medium' }] }, [{ package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'p' } }])],
      want: { severity: 'medium', source: 'ecosystem:Ubuntu' },
    },
    { name: 'invalid vector falls through', records: [rec({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:X' }] })], want: { severity: 'unknown', source: 'none' } },
  ])('$name', ({ records, want }) => {
    expect(severityOf(records)).toMatchObject(want)
  })
})
