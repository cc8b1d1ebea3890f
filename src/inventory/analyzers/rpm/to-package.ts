import { toPurl } from '../../../core/index.js'
import type { PackageDraft } from '../../analyzer.js'
import { TAG, type RpmHeader } from './header.js'

/** A package with the files its header lists. */
export interface RpmEntry {
  readonly draft: PackageDraft
  readonly files: readonly string[]
}

const NAME = /^[A-Za-z0-9_+.-]+$/
const VERSION = /^[A-Za-z0-9._+~^]+$/

/** Splits "name-version-release.src.rpm" at its last two dashes. */
export function splitSourceRpm(
  srpm: string,
): { name: string; version: string; release: string } | undefined {
  const base = srpm.replace(/\.(no)?src\.rpm$/, '')
  if (base === srpm) return undefined
  const r = base.lastIndexOf('-')
  const v = r > 0 ? base.lastIndexOf('-', r - 1) : -1
  if (v <= 0) return undefined
  return { name: base.slice(0, v), version: base.slice(v + 1, r), release: base.slice(r + 1) }
}

/** Paths of the header's files: BASENAMES joined to DIRNAMES by DIRINDEXES, or the old FILENAMES. */
function filesOf(h: RpmHeader): string[] {
  const base = h.strings(TAG.BASENAMES)
  const dirs = h.strings(TAG.DIRNAMES)
  const idx = h.int32s(TAG.DIRINDEXES)
  const full =
    base && dirs && idx
      ? base.map((b, i) => `${dirs[idx[i] ?? -1] ?? ''}${b}`)
      : (h.strings(TAG.OLDFILENAMES) ?? [])
  return full
    .map((f) => f.replace(/^\/+/, ''))
    .filter((f) => f !== '' && !f.split('/').includes('..'))
}

/**
 * Turns a header into a package. Version is Trivy's form, `[epoch:]version-release` (epoch 0
 * or absent is left out); the source package comes from SOURCERPM with the package's epoch.
 * gpg-pubkey entries are imported signing keys, not software: undefined (as Trivy skips them).
 */
export function toRpmEntry(h: RpmHeader, path: string): RpmEntry | string | undefined {
  const name = h.string(TAG.NAME) ?? ''
  if (name === 'gpg-pubkey') return undefined
  const version = h.string(TAG.VERSION) ?? ''
  const release = h.string(TAG.RELEASE) ?? ''
  if (!NAME.test(name)) return `bad or missing NAME ${JSON.stringify(name.slice(0, 40))}`
  if (!VERSION.test(version) || !VERSION.test(release))
    return `package ${name}: bad VERSION or RELEASE`
  const epoch = h.int32s(TAG.EPOCH)?.[0]
  const prefix = epoch ? `${epoch}:` : ''
  const full = `${prefix}${version}-${release}`
  const arch = h.string(TAG.ARCH)
  const license = h.string(TAG.LICENSE)
  const srpm = splitSourceRpm(h.string(TAG.SOURCERPM) ?? '')
  const draft: PackageDraft = {
    name,
    version: full,
    type: 'rpm',
    // Provisional: the inventory engine adds namespace, distro and the epoch qualifier.
    purl: toPurl({ type: 'rpm', name, version: full, qualifiers: { arch } }),
    ...(arch ? { arch } : {}),
    licenses: license ? [license] : [],
    source: srpm
      ? { name: srpm.name, version: `${prefix}${srpm.version}-${srpm.release}` }
      : { name, version: full },
    foundBy: 'rpm',
    locations: [{ path }],
  }
  return { draft, files: filesOf(h) }
}
