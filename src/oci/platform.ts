import { ImageError, UserError } from '../core/index.js'
import type { Descriptor, ImageIndex } from './manifest.js'
import { INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES } from './manifest.js'

/** An `os/arch[/variant]` platform. */
export interface Platform {
  readonly os: string
  readonly architecture: string
  readonly variant?: string
}

/** The platform chosen when none is given. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' }

/** Parses `os/arch[/variant]`; throws UserError ARG_INVALID. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/')
  const [os, architecture, variant] = parts
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || variant === '') {
    throw new UserError('ARG_INVALID', `invalid platform "${text}": expected os/arch[/variant]`)
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant }
}

/** `os/arch[/variant]` of a platform. */
export function formatPlatform(p: { os: string; architecture: string; variant?: string }): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`
}

// arm64 images usually say variant v8 or nothing; treat those as the same (containerd does).
function normVariant(arch: string, variant: string | undefined): string | undefined {
  if (arch === 'arm64' && (variant === 'v8' || variant === undefined)) return undefined
  return variant
}

function matches(want: Platform, d: Descriptor): boolean {
  const p = d.platform
  if (!p || p.os !== want.os || p.architecture !== want.architecture) return false
  if (want.variant === undefined) return true
  return normVariant(p.architecture, p.variant) === normVariant(want.architecture, want.variant)
}

/**
 * Picks the manifest for `want` from an index. Attestation manifests (platform unknown/unknown)
 * never match. Throws ImageError PLATFORM_NOT_FOUND listing the platforms available.
 */
export function selectPlatformManifest(
  index: ImageIndex,
  want: Platform,
  image: string,
): Descriptor {
  const images = index.manifests.filter(
    (d) => MANIFEST_MEDIA_TYPES.includes(d.mediaType) || INDEX_MEDIA_TYPES.includes(d.mediaType),
  )
  const found = images.find((d) => matches(want, d))
  if (found) return found
  // A single manifest without platform information is the image (as in skopeo's oci layouts).
  const unplatformed = images.filter((d) => d.platform === undefined)
  if (unplatformed.length === 1 && images.length === 1 && unplatformed[0]) return unplatformed[0]
  const available = images
    .filter((d) => d.platform && d.platform.os !== 'unknown')
    .map((d) => (d.platform ? formatPlatform(d.platform) : ''))
  throw new ImageError(
    'PLATFORM_NOT_FOUND',
    `${image}: no manifest for platform ${formatPlatform(want)}; available: ${available.length > 0 ? available.join(', ') : 'none'}`,
  )
}
