/**
 * content/: what is dangerous inside an image besides outdated packages: secrets, malicious content
 * and persistence, YARA matches, image-configuration risks, and Dockerfile checks.
 *
 * Wiring (scan/): `inventoryImage(source, { analyzers, scanners: contentScanners(opts) })`, then
 * `[...checkImageConfig(metadata), ...contentFindings({ metadata, layers: inventory.scanners, packages })]`.
 */
export { contentScanners } from './scanners.js'
export { contentFindings, contentWarnings, checkImageConfig, baseLayerCount } from './findings.js'
export type { ContentFindingsInput, ContentFindingsOptions } from './findings.js'
export type { ContentOptions, KnownBadHash } from './options.js'
export { parseAllowList, applyAllowList } from './allow.js'
export type { AllowEntry } from './allow.js'
export { parseHashList } from './malware/hashes.js'
export { checkDockerfile } from './dockerfile/index.js'
export { SECRET_RULES } from './secrets/rules.js'
export { MALWARE_RULES } from './malware/rules.js'
export { IMAGE_CHECKS } from './imagecfg/checks.js'
export { DOCKERFILE_CHECKS } from './dockerfile/checks.js'
