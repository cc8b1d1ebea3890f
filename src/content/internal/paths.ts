/**
 * Paths the text rules skip by default, and file types that are never text. The directory list
 * follows trivy's built-in secret allow rules (system dirs under usr/, locales, vendored and test
 * trees, interpreter stdlibs): they hold package-manager content, keys in test suites and docs,
 * which are the false positives a secret scan of an OS image would otherwise report.
 * ref: https://github.com/aquasecurity/trivy/blob/main/pkg/fanal/secret/builtin-allow-rules.go
 */
export const DEFAULT_SECRET_SKIP: readonly RegExp[] = [
  /^usr\/(?:share|include|lib|lib32|lib64|libx32|libexec)\//,
  /(?:^|\/)locales?\//,
  /(?:^|\/)vendor\//,
  /(?:^|\/)tests?\//,
  /[-_.]test(?:s|data)?(?:\/|\.[a-z]+$)/,
  /\.md$/,
  /^usr\/local\/go\//,
  /^usr\/local\/lib\/python[\d.]+\//,
  /^usr\/lib\/gems\//,
  /^var\/lib\/dpkg\/info\/[^/]+\.(?:list|md5sums|triggers|shlibs|symbols|conffiles)$/,
  /^(?:proc|sys|dev)\//,
]

/**
 * Paths malicious-content rules skip: documentation and locale data of the OS, where texts quote
 * commands such as `bash -i >& /dev/tcp/...` in manuals, and dpkg's file lists and checksums (data
 * of the package manager, not code; maintainer scripts stay scanned), debconf's database, and the
 * OS interpreters' own library trees (Perl, Python stdlib: OS-package data, a large share of the
 * text of an OS image). Everything else is scanned; executables are always searched for miners.
 */
export const DEFAULT_MALWARE_SKIP: readonly RegExp[] = [
  /^usr\/share\/(?:doc|man|info|locale|i18n|zoneinfo|common-licenses|help|gtk-doc)\//,
  /^var\/lib\/dpkg\/info\/[^/]+\.(?:list|md5sums|triggers|shlibs|symbols|conffiles)$/,
  /^var\/cache\/debconf\//,
  /^usr\/(?:lib|share)\/(?:[^/]+\/)?perl5?(?:-base)?\//,
  /^usr\/lib\/python3[^/]*\//,
  /^usr\/lib\/locale\//,
  /^(?:proc|sys|dev)\//,
]

/** Suffixes of formats that are never plain text: their bodies are not read for text rules. */
export const BINARY_SUFFIX =
  /\.(?:png|jpe?g|gif|ico|bmp|webp|svgz|woff2?|ttf|otf|eot|gz|tgz|bz2|xz|lz4|zst|zip|jar|war|ear|whl|egg|7z|rar|so(?:\.\d+)*|a|o|ko|pyc|pyo|mo|gmo|class|mp3|mp4|ogg|wav|pdf|deb|rpm|apk|db|sqlite3?|bin|dat|pack|idx)$/i

/** True when any of the patterns matches the path. */
export function matchesAny(path: string, patterns: readonly RegExp[]): boolean {
  for (const p of patterns) if (p.test(path)) return true
  return false
}

/**
 * Executables above this size are binaries in practice (scripts are small): text rules do not
 * read them, which keeps the OS's programs out of the text pass.
 */
export const MAX_TEXT_EXECUTABLE = 256 * 1024

/**
 * Executables searched for miner markers start at this size: XMRig-family miners are statically
 * linked (libuv, hwloc, OpenSSL) and weigh several MB; reading every small OS program for them
 * would double the bytes the scan copies (measured on the Debian test image) for no detection.
 */
export const MIN_MINER_BINARY = 1024 * 1024

/** True for an executable too large to be a script. */
export function isLargeExecutable(mode: number, size: number): boolean {
  return (mode & 0o111) !== 0 && size > MAX_TEXT_EXECUTABLE
}
