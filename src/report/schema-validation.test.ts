import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv'
import AjvDraft04 from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { renderCycloneDx, renderSarif, renderSpdx } from './index.js'

// Validation against the official schemas (testdata/schemas/README.md names their sources).
const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const cdxDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res/schema')

function json(path: string): AnySchemaObject {
  return JSON.parse(readFileSync(path, 'utf8')) as AnySchemaObject
}

/** Tests a string with an ajv-formats format, after percent-encoding non-ASCII characters. */
function asciiFormat(name: 'uri-reference' | 'email'): (s: string) => boolean {
  const f = fullFormats[name]
  return (s) => {
    // eslint-disable-next-line no-control-regex
    const ascii = s.replace(/[^\u0000-\u007f]/gu, (c) => encodeURIComponent(c))
    if (f instanceof RegExp) return f.test(ascii)
    if (typeof f === 'function') return f(ascii)
    return false
  }
}

function cycloneDxValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  // RFC 3987 IRIs are URIs that may hold non-ASCII characters (ajv-formats has no IRI formats).
  ajv.addFormat('iri-reference', asciiFormat('uri-reference'))
  ajv.addFormat('idn-email', asciiFormat('email'))
  // The bundled 1.6 schema refers to its siblings by these file names; register them under
  // the URLs those relative refs resolve to.
  const base = 'http://cyclonedx.org/schema/'
  ajv.addSchema({ ...json(join(cdxDir, 'spdx.SNAPSHOT.schema.json')), $id: `${base}spdx.SNAPSHOT.schema.json` })
  ajv.addSchema({ ...json(join(cdxDir, 'jsf-0.82.SNAPSHOT.schema.json')), $id: `${base}jsf-0.82.SNAPSHOT.schema.json` })
  return ajv.compile(json(join(cdxDir, 'bom-1.6.SNAPSHOT.schema.json')))
}

function spdxValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv.compile(json(join(here, 'testdata/schemas/spdx-schema-2.3.json')))
}

function sarifValidator(): ValidateFunction {
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true })
  addFormats.default(ajv as unknown as Ajv)
  return ajv.compile(json(join(here, 'testdata/schemas/sarif-schema-2.1.0.json')))
}

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
