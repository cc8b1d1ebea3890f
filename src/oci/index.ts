/**
 * oci/: image references, sources (docker-archive, OCI layouts, oci-archive, rootfs, registries),
 * the registry client and the layer stream. `openImage` is the one entry point for reading.
 */
export { openImage, resolveLimits } from './open.js'
export type { OpenOptions } from './open.js'
export {
  parseImageReference,
  parseRegistryReference,
  formatRegistryReference,
  DOCKER_HUB,
} from './reference.js'
export type { ImageReference, RegistryReference } from './reference.js'
export {
  parsePlatform,
  formatPlatform,
  selectPlatformManifest,
  DEFAULT_PLATFORM,
} from './platform.js'
export type { Platform } from './platform.js'
export { RegistryClient } from './registry/client.js'
export { RegistrySession, scopeOf } from './registry/session.js'
export type { RegistryClientOptions, FetchedManifest, RegistryHead } from './registry/client.js'
export { parseAuthChallenges } from './registry/auth.js'
export type { AuthChallenge, Credentials } from './registry/auth.js'
export { resolveCredentials, authFileCandidates } from './registry/credentials.js'
export type { CredentialOptions } from './registry/credentials.js'
export { MEDIA_TYPES, MANIFEST_ACCEPT, INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES, Descriptor, ImageManifest, ImageIndex } from './manifest.js'
export { DocIssue } from './doc-check.js'
export { digestOf, verifyDigest } from './resolve.js'
export { detectCompression } from './layer/decompress.js'
export type { Compression } from './layer/decompress.js'
export { normalizeEntryPath, decodeWhiteout } from './layer/paths.js'
