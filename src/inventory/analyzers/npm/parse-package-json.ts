import type { AnalysisResult, FileInput } from '../../analyzer.js'
import { toLicenseList } from '../internal/lang-license.js'
import { toNpmPackage } from '../internal/lang-npm.js'
import { nonEmptyString, parseJsonObject } from '../internal/lang-text.js'

// ref: https://docs.npmjs.com/cli/v10/configuring-npm/package-json

/**
 * Licenses from a package.json: the `license` field (an SPDX expression, or the deprecated
 * `{ "type": ... }` object) and, when that is absent, the legacy `licenses` array.
 */
export function npmManifestLicenses(manifest: Readonly<Record<string, unknown>>): string[] {
  const current = toLicenseList(manifest['license'])
  return current.length > 0 ? current : toLicenseList(manifest['licenses'])
}

/**
 * Parses one package.json. An installed one (inside node_modules) must name a package and a
 * version, else it is an unknown. The application's own manifest (`app`) is a package only when
 * it has both a name and a version, as Trivy's node-pkg analyzer decides for images; one without
 * is the usual private app manifest and gives nothing.
 */
export async function parsePackageJson(
  file: FileInput,
  kind: 'installed' | 'app',
  foundBy: string,
): Promise<AnalysisResult> {
  const doc = parseJsonObject(await file.read())
  if (!doc.ok) {
    // An app directory may hold any package.json-named file; only installed ones must parse.
    return { packages: [], unknowns: [{ path: file.path, reason: `package.json: ${doc.reason}` }] }
  }
  const name = nonEmptyString(doc.value['name'])
  const version = nonEmptyString(doc.value['version'])
  if (name === undefined || version === undefined) {
    if (kind === 'app') return { packages: [], unknowns: [] }
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: 'package.json: no name or version' }],
    }
  }
  const pkg = toNpmPackage({
    fullName: name,
    version,
    licenses: npmManifestLicenses(doc.value),
    path: file.path,
    foundBy,
  })
  if (!pkg) {
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: `package.json: invalid name "${name.slice(0, 100)}"` }],
    }
  }
  return { packages: [pkg], unknowns: [] }
}
