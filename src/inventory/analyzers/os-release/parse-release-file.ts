import type { OsInfo } from '../../../core/index.js'
import { normalizeFamily, parseOsReleaseFields } from './parse-os-release.js'

/**
 * Vendor names at the start of a Red Hat style release line ("Rocky Linux release 9.3 (Blue
 * Onyx)"), mapped to the os-release ID the same distribution writes. Order matters: the first
 * match wins, so longer names come before their prefixes.
 */
const VENDORS: readonly (readonly [RegExp, string])[] = [
  [/^Red Hat Enterprise Linux/i, 'rhel'],
  [/^CentOS/i, 'centos'],
  [/^Rocky Linux/i, 'rocky'],
  [/^AlmaLinux/i, 'almalinux'],
  [/^Oracle Linux/i, 'ol'],
  [/^Amazon Linux/i, 'amzn'],
  [/^Anolis OS/i, 'anolis'],
  [/^(Alibaba Cloud Linux|Aliyun Linux)/i, 'alinux'],
  [/^Fedora/i, 'fedora'],
]

/** The family a vendor release file implies by its own name, when its text names no vendor we know. */
const FILE_FAMILY: Readonly<Record<string, string>> = {
  'etc/redhat-release': 'rhel',
  'etc/centos-release': 'centos',
  'etc/rocky-release': 'rocky',
  'etc/almalinux-release': 'almalinux',
  'etc/oracle-release': 'ol',
  'etc/anolis-release': 'anolis',
  'etc/alinux-release': 'alinux',
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim()
}

/**
 * Parses a Red Hat style release line: "<Vendor> release <version> (<name>)".
 * etc/system-release is generic (Amazon Linux, Fedora), so it needs a known vendor.
 */
export function parseRedHatRelease(text: string, path: string): OsInfo | undefined {
  const line = firstLine(text)
  const version = /\brelease\s+([0-9][0-9A-Za-z._-]*)/i.exec(line)?.[1]
  if (!version) return undefined
  const family = VENDORS.find(([re]) => re.test(line))?.[1] ?? FILE_FAMILY[path]
  if (!family) return undefined
  // The parenthesised word is a codename on some (Plow) and a variant on others (Core): dropped.
  return { family, version, name: line, path }
}

/**
 * Parses etc/debian_version: "12.4" on a release (the major is kept, as os-release's
 * VERSION_ID is "12"), "trixie/sid" on testing and unstable (codename only, no version).
 */
export function parseDebianVersion(text: string, path: string): OsInfo | undefined {
  const line = firstLine(text)
  const numeric = /^(\d+)(\.\d+)*$/.exec(line)
  if (numeric) return { family: 'debian', version: numeric[1] as string, path }
  const named = /^([a-z][a-z0-9-]*)\/sid$/.exec(line)
  if (named) return { family: 'debian', version: '', codename: named[1] as string, path }
  return undefined
}

/** Parses etc/alpine-release: the full version ("3.19.1", "3.20.0_alpha20240329"). */
export function parseAlpineRelease(text: string, path: string): OsInfo | undefined {
  const line = firstLine(text)
  if (!/^\d+\.\d+[0-9A-Za-z._-]*$/.test(line)) return undefined
  return { family: 'alpine', version: line, path }
}

/** Parses etc/lsb-release (DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION). */
export function parseLsbRelease(text: string, path: string): OsInfo | undefined {
  const f = parseOsReleaseFields(text)
  const id = f.get('DISTRIB_ID')
  if (!id) return undefined
  const codename = f.get('DISTRIB_CODENAME')
  const name = f.get('DISTRIB_DESCRIPTION')
  return {
    family: normalizeFamily(id),
    version: f.get('DISTRIB_RELEASE') ?? '',
    ...(name ? { name } : {}),
    ...(codename ? { codename } : {}),
    path,
  }
}
