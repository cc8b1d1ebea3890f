import type { OsInfo } from '../../core/index.js'

/**
 * Files that name the distribution, most trusted first: os-release is the standard
 * (etc/ overrides usr/lib/, as os-release(5) says), then the distributions' own files.
 * etc/redhat-release and etc/system-release come last: on CentOS, Rocky or Amazon Linux they
 * are copies of (or links to) the vendor file.
 */
export const OS_FILE_PRIORITY = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/alpine-release',
  'etc/lsb-release',
  'etc/debian_version',
  'etc/centos-release',
  'etc/rocky-release',
  'etc/almalinux-release',
  'etc/oracle-release',
  'etc/anolis-release',
  'etc/alinux-release',
  'etc/redhat-release',
  'etc/system-release',
] as const

function rank(os: OsInfo): number {
  const i = OS_FILE_PRIORITY.indexOf((os.path ?? '') as (typeof OS_FILE_PRIORITY)[number])
  return i < 0 ? OS_FILE_PRIORITY.length : i
}

/**
 * Chooses the image's OS among every release file found: the most trusted file wins, and a
 * less trusted file of the same family fills in what it lacks (Debian testing has no
 * VERSION_ID; debian_version then gives the codename). The distroless flag is kept when any
 * candidate of that family carries it.
 *
 * @example detectOs([{ family: 'debian', version: '12', path: 'etc/debian_version' },
 *   { family: 'debian', version: '12', codename: 'bookworm', path: 'etc/os-release' }])
 *   // the etc/os-release candidate
 */
export function detectOs(candidates: readonly OsInfo[]): OsInfo | undefined {
  const sorted = [...candidates].sort((a, b) => rank(a) - rank(b))
  const best = sorted[0]
  if (!best) return undefined
  const same = sorted.filter((c) => c.family === best.family)
  const version = best.version || (same.find((c) => c.version)?.version ?? '')
  const codename = best.codename ?? same.find((c) => c.codename)?.codename
  const distroless = same.some((c) => c.distroless === true)
  return {
    ...best,
    version,
    ...(codename ? { codename } : {}),
    ...(distroless ? { distroless: true } : {}),
  }
}
