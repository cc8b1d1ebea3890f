import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { cycloneDxValidator, sarifValidator, spdxValidator } from '../../test/schemas.js'
import { renderCycloneDx, renderSarif, renderSpdx } from './index.js'

const here = dirname(fileURLToPath(import.meta.url))

const validators = {
  cyclonedx: { validate: cycloneDxValidator(), render: renderCycloneDx },
  spdx: { validate: spdxValidator(), render: renderSpdx },
  sarif: { validate: sarifValidator(), render: renderSarif },
}

function loadReport(name: string): ScanReport {
  return JSON.parse(readFileSync(join(here, 'testdata/reports', name), 'utf8')) as ScanReport
}

const realistic = loadReport('debian-app.json')
const hostile = loadReport('hostile.json')
const empty: ScanReport = {
  schemaVersion: 1,
  createdAt: '2026-05-01T00:00:00Z',
  tool: { name: 'bulwark', version: '0.1.0' },
  artifact: { name: 'rootfs:/tmp/empty', type: 'rootfs' },
  packages: [],
  findings: [],
  unknowns: [],
  warnings: [],
}

const REPORTS = [
  { name: 'realistic (200 packages, 17 findings)', report: realistic },
  { name: 'hostile strings', report: hostile },
  { name: 'empty rootfs', report: empty },
]

describe.each(Object.entries(validators))('%s output against the official schema', (_format, v) => {
  it.each(REPORTS)('$name is valid', ({ report }) => {
    const doc: unknown = JSON.parse(v.render(report))

    const ok = v.validate(doc)

    expect(v.validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
  })

  it('rejects a document with a broken field (the validator is real)', () => {
    const doc = JSON.parse(v.render(realistic)) as Record<string, unknown>
    const broken = { ...doc, unexpectedTopLevelField: true }

    expect(v.validate(broken)).toBe(false)
  })
})

describe('schema negative controls per format', () => {
  it('CycloneDX: a license id outside the SPDX list is rejected', () => {
    const doc = JSON.parse(renderCycloneDx(realistic)) as { components: Record<string, unknown>[] }
    doc.components[1] = { ...doc.components[1], licenses: [{ license: { id: 'Not-A-Real-Id' } }] }

    expect(validators.cyclonedx.validate(doc)).toBe(false)
  })

  it('SPDX: an unknown relationship type is rejected', () => {
    const doc = JSON.parse(renderSpdx(realistic)) as { relationships: Record<string, unknown>[] }
    doc.relationships[0] = { ...doc.relationships[0], relationshipType: 'OWNS' }

    expect(validators.spdx.validate(doc)).toBe(false)
  })

  it('SARIF: a region with startLine 0 is rejected', () => {
    const doc = JSON.parse(renderSarif(realistic)) as { runs: { results: Record<string, unknown>[] }[] }
    const run = doc.runs[0]
    if (!run) throw new Error('no run')
    run.results[0] = {
      ...run.results[0],
      locations: [{ physicalLocation: { artifactLocation: { uri: 'x' }, region: { startLine: 0 } } }],
    }

    expect(validators.sarif.validate(doc)).toBe(false)
  })
})
