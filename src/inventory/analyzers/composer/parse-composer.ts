import type { AnalysisResult, PackageDraft } from '../../analyzer.js'
import { toLicenseList } from '../internal/lang-license.js'
import { toLangPackage } from '../internal/lang-package.js'
import { isRecord, nonEmptyString, parseJsonValue } from '../internal/lang-text.js'

// ref: https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control
// ref: https://getcomposer.org/doc/articles/vendor-binaries.md (vendor/composer/installed.json)
// ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#composer

/** Which composer file is read. */
export type ComposerFileKind = 'installed' | 'lock'

interface Acc {
  readonly path: string
  readonly foundBy: string
  readonly packages: PackageDraft[]
  readonly unknowns: { path: string; reason: string }[]
}

/** `vendor/name` -> its two parts; undefined for anything else. */
function splitVendorName(full: string | undefined): { vendor: string; name: string } | undefined {
  const parts = full?.split('/') ?? []
  const [vendor, name] = parts
  return parts.length === 2 && vendor && name ? { vendor, name } : undefined
}

function readEntries(list: unknown, acc: Acc, dev: (name: string) => boolean | undefined): void {
  if (!Array.isArray(list)) return
  for (const [i, entry] of list.entries()) {
    const full = isRecord(entry) ? nonEmptyString(entry['name']) : undefined
    const version = isRecord(entry) ? nonEmptyString(entry['version']) : undefined
    const id = splitVendorName(full)
    if (!isRecord(entry) || !id || full === undefined || version === undefined) {
      acc.unknowns.push({
        path: acc.path,
        reason: `composer: package #${i} has no vendor/name and version`,
      })
      continue
    }
    acc.packages.push(
      toLangPackage({
        type: 'composer',
        namespace: id.vendor,
        name: id.name,
        version,
        licenses: toLicenseList(entry['license']),
        path: acc.path,
        foundBy: acc.foundBy,
        dev: dev(full),
      }),
    )
  }
}

function readInstalled(doc: unknown, acc: Acc): void {
  // Composer 1 wrote a bare array, without dev information.
  if (Array.isArray(doc)) return readEntries(doc, acc, () => undefined)
  if (!isRecord(doc) || !Array.isArray(doc['packages'])) {
    acc.unknowns.push({ path: acc.path, reason: 'composer: installed.json has no packages list' })
    return
  }
  // Composer 2 lists the dev-only packages by name (absent when installed with --no-dev).
  const devNames = doc['dev-package-names']
  const devSet = Array.isArray(devNames)
    ? new Set(devNames.filter((n) => typeof n === 'string'))
    : undefined
  readEntries(
    doc['packages'],
    acc,
    (name) => devSet?.has(name) ?? (doc['dev'] === false ? false : undefined),
  )
}

function readLock(doc: unknown, acc: Acc): void {
  if (!isRecord(doc) || (!Array.isArray(doc['packages']) && !Array.isArray(doc['packages-dev']))) {
    acc.unknowns.push({ path: acc.path, reason: 'composer: composer.lock has no packages' })
    return
  }
  readEntries(doc['packages'], acc, () => false)
  readEntries(doc['packages-dev'], acc, () => true)
}

/**
 * Parses vendor/composer/installed.json (Composer 1 array, Composer 2 `{packages,
 * dev-package-names}`) or composer.lock (`packages`, `packages-dev`). Names are `vendor/name`:
 * the vendor becomes the namespace (`pkg:composer/monolog/monolog@3.4.0`); versions are kept as
 * written (`v1.1.1`), as Composer and Packagist advisories write them.
 */
export function parseComposer(
  buf: Uint8Array,
  kind: ComposerFileKind,
  path: string,
  foundBy: string,
): AnalysisResult {
  const doc = parseJsonValue(buf)
  const acc: Acc = { path, foundBy, packages: [], unknowns: [] }
  if (!doc.ok) return { packages: [], unknowns: [{ path, reason: `composer: ${doc.reason}` }] }
  if (kind === 'installed') readInstalled(doc.value, acc)
  else readLock(doc.value, acc)
  return { packages: acc.packages, unknowns: acc.unknowns }
}
