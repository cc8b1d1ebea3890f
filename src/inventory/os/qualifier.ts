import type { OsInfo } from '../../core/index.js'

/**
 * The purl `distro` qualifier for an OS package: `<os-release ID>-<VERSION_ID>` (debian-12,
 * ubuntu-22.04, alpine-3.19.1, rhel-9.3), or the bare ID when the version is unknown.
 *
 * This is Syft's form (its PURLQualifiers joins ID and VERSION_ID with "-"). Trivy writes the
 * same shape for deb and rpm but with its own family names (redhat, amazon, oracle) and the
 * bare version for apk (distro=3.19.1); the purl spec's own deb examples use a codename
 * (distro=jessie) and its rpm example fedora-25.
 * ref: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst
 */
export function osDistroQualifier(os: OsInfo): string {
  const family = os.family.trim().toLowerCase()
  const version = os.version.trim()
  return version ? `${family}-${version}` : family
}
