import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Advisory, AdvisoryAffected } from '../../../core/index.js'
import { schemeForEcosystem } from '../../../versions/index.js'
import { evaluateAffected } from './osv-range.js'

const FIXTURES = join(import.meta.dirname, '../../../../testdata/osv')

function entries(path: string): readonly AdvisoryAffected[] {
  const record = JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Advisory
  return record.affected ?? []
}

const lodash = entries('npm/GHSA-p6mc-m468-83gw.json')[0]
const minimist = entries('npm/GHSA-xvch-5gv4-984h.json')
const log4j = entries('maven/GHSA-2qrg-x229-3v8q.json')
const stdlib = entries('go/GO-2023-2102.json')[0]

function inline(events: object[], type = 'ECOSYSTEM', versions?: string[]): AdvisoryAffected {
  return {
    package: { ecosystem: 'npm', name: 'x' },
    ranges: [{ type, events }],
    ...(versions ? { versions } : {}),
  }
}

describe('evaluateAffected', () => {
  it.each([
    // real records
    { name: 'lodash below fix', entry: lodash, eco: 'npm', v: '4.17.15', affected: true, fixed: ['4.17.20'] },
    { name: 'lodash introduced 0', entry: lodash, eco: 'npm', v: '0.1.0', affected: true, fixed: ['4.17.20'] },
    { name: 'lodash at fixed', entry: lodash, eco: 'npm', v: '4.17.20', affected: false, fixed: [] },
    { name: 'lodash above fixed', entry: lodash, eco: 'npm', v: '4.17.21', affected: false, fixed: [] },
    { name: 'minimist 1.x line', entry: minimist[0], eco: 'npm', v: '1.2.0', affected: true, fixed: ['1.2.6'] },
    { name: 'minimist 1.x at fixed', entry: minimist[0], eco: 'npm', v: '1.2.6', affected: false, fixed: [] },
    { name: 'minimist 0.x outside 1.x range', entry: minimist[0], eco: 'npm', v: '0.2.1', affected: false, fixed: [] },
    { name: 'minimist 0.x line', entry: minimist[1], eco: 'npm', v: '0.2.1', affected: true, fixed: ['0.2.4'] },
    { name: 'log4j last_affected is inclusive', entry: log4j[0], eco: 'Maven', v: '1.2.17', affected: true, fixed: [] },
    { name: 'log4j introduced', entry: log4j[0], eco: 'Maven', v: '1.2', affected: true, fixed: [] },
    { name: 'log4j below introduced', entry: log4j[0], eco: 'Maven', v: '1.1.3', affected: false, fixed: [] },
    { name: 'log4j above last_affected', entry: log4j[0], eco: 'Maven', v: '1.2.18', affected: false, fixed: [] },
    { name: 'versions list hit', entry: log4j[1], eco: 'Maven', v: '2.0', affected: true, fixed: [] },
    { name: 'versions list miss', entry: log4j[1], eco: 'Maven', v: '2.1', affected: false, fixed: [] },
    { name: 'stdlib first pair', entry: stdlib, eco: 'Go', v: '1.20.9', affected: true, fixed: ['1.20.10'] },
    { name: 'stdlib gap', entry: stdlib, eco: 'Go', v: '1.20.10', affected: false, fixed: [] },
    { name: 'stdlib second pair', entry: stdlib, eco: 'Go', v: '1.21.0', affected: true, fixed: ['1.21.3'] },
    { name: 'stdlib second fix', entry: stdlib, eco: 'Go', v: '1.21.3', affected: false, fixed: [] },
    // shapes no real fixture has
    { name: 'limit caps', entry: inline([{ introduced: '0' }, { limit: '2.0.0' }]), eco: 'npm', v: '1.5.0', affected: true, fixed: [] },
    { name: 'at limit', entry: inline([{ introduced: '0' }, { limit: '2.0.0' }]), eco: 'npm', v: '2.0.0', affected: false, fixed: [] },
    { name: 'limit *', entry: inline([{ introduced: '1.0.0' }, { limit: '*' }]), eco: 'npm', v: '9.0.0', affected: true, fixed: [] },
    { name: 'unsorted events', entry: inline([{ fixed: '2.0.0' }, { introduced: '1.0.0' }]), eco: 'npm', v: '1.5.0', affected: true, fixed: ['2.0.0'] },
    { name: 'GIT range never matches', entry: inline([{ introduced: '0' }], 'GIT'), eco: 'npm', v: '1.0.0', affected: false, fixed: [] },
    { name: 'SEMVER range', entry: inline([{ introduced: '1.0.0' }, { fixed: '1.0.5' }], 'SEMVER'), eco: 'npm', v: '1.0.4', affected: true, fixed: ['1.0.5'] },
    { name: 'invalid version, no list', entry: inline([{ introduced: '0' }]), eco: 'npm', v: 'not a version', affected: false, fixed: [] },
    { name: 'invalid version in list', entry: inline([{ introduced: '0' }], 'ECOSYSTEM', ['not a version']), eco: 'npm', v: 'not a version', affected: true, fixed: [] },
    { name: 'no ranges, no list', entry: { package: { ecosystem: 'npm', name: 'x' } }, eco: 'npm', v: '1.0.0', affected: false, fixed: [] },
    { name: 'dpkg epoch', entry: inline([{ introduced: '0' }, { fixed: '1:1.2.12.dfsg-1' }]), eco: 'Debian', v: '1:1.2.11.dfsg-2', affected: true, fixed: ['1:1.2.12.dfsg-1'] },
    { name: 'dpkg tilde', entry: inline([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }]), eco: 'Debian', v: '3.0.11-1~deb12u1', affected: true, fixed: ['3.0.11-1~deb12u2'] },
  ])('$name: $v', ({ entry, eco, v, affected, fixed }) => {
    const scheme = schemeForEcosystem(eco)
    if (!entry || !scheme) throw new Error(`fixture or scheme missing for ${eco}`)

    const verdict = evaluateAffected(entry, v, scheme, schemeForEcosystem('SEMVER'))

    expect(verdict).toEqual({ affected, fixed })
  })
})
