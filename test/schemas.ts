/** Validators for the official CycloneDX, SPDX and SARIF schemas, shared by unit and e2e tests. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv'
import AjvDraft04 from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import { fullFormats } from 'ajv-formats/dist/formats.js'

// Validation against the official schemas (testdata/schemas/README.md names their sources).
const schemas = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'report', 'testdata', 'schemas')
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

/** A validator for CycloneDX 1.6 JSON (the library's bundled official schema). */
export function cycloneDxValidator(): ValidateFunction {
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

/** A validator for SPDX 2.3 JSON (official schema). */
export function spdxValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv.compile(json(join(schemas, 'spdx-schema-2.3.json')))
}

/** A validator for SARIF 2.1.0 (official schema). */
export function sarifValidator(): ValidateFunction {
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true })
  addFormats.default(ajv as unknown as Ajv)
  return ajv.compile(json(join(schemas, 'sarif-schema-2.1.0.json')))
}

