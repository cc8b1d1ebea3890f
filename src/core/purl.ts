import { createRequire } from 'node:module'
import type { PackageURL as PackageUrlClass } from 'packageurl-js'

// ref: https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst

/** The parts of a package URL. */
export interface PurlParts {
  readonly type: string
  readonly namespace?: string | undefined
  readonly name: string
  readonly version?: string | undefined
  readonly qualifiers?: Readonly<Record<string, string | undefined>> | undefined
  readonly subpath?: string | undefined
}

function enc(s: string): string {
  // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; the spec wants ':' kept too.
  return encodeURIComponent(s).replace(/%3A/gi, ':')
}

/**
 * Builds a canonical package URL: lower-cased type, percent-encoded segments ('+' as %2B, as
 * Trivy and Syft write it), qualifiers sorted by key with empty values dropped.
 *
 * @example toPurl({ type: 'deb', namespace: 'debian', name: 'bash', version: '5.2.15-2+b13',
 *   qualifiers: { arch: 'amd64', distro: 'debian-12' } })
 *   // 'pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12'
 */
export function toPurl(p: PurlParts): string {
  let out = `pkg:${p.type.toLowerCase()}/`
  if (p.namespace) out += p.namespace.split('/').filter(Boolean).map(enc).join('/') + '/'
  out += enc(p.name)
  if (p.version) out += `@${enc(p.version)}`
  const q = Object.entries(p.qualifiers ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (q.length > 0) out += '?' + q.map(([k, v]) => `${k.toLowerCase()}=${enc(v)}`).join('&')
  if (p.subpath) out += '#' + p.subpath.split('/').filter((s) => s && s !== '.' && s !== '..').map(enc).join('/')
  return out
}

// packageurl-js is loaded on the first parse (a CommonJS package, so synchronously): commands that
// only write purls (toPurl above) do not pay for loading it at start-up.
let purlClass: typeof PackageUrlClass | undefined
function packageUrl(): typeof PackageUrlClass {
  purlClass ??= (createRequire(import.meta.url)('packageurl-js') as { PackageURL: typeof PackageUrlClass })
    .PackageURL
  return purlClass
}

/** Parses a package URL; returns undefined for text that is not one. */
export function parsePurl(text: string): PurlParts | undefined {
  try {
    const u = packageUrl().fromString(text)
    return {
      type: u.type,
      namespace: u.namespace ?? undefined,
      name: u.name,
      version: u.version ?? undefined,
      qualifiers: (u.qualifiers ?? undefined) as Record<string, string> | undefined,
      subpath: u.subpath ?? undefined,
    }
  } catch {
    // Not a purl: callers treat undefined as "no identity" (e.g. SBOM components without one).
    return undefined
  }
}
