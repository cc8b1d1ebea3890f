import { DEFAULT_IMAGE_LIMITS } from '../core/index.js'
import type { ImageLimits, ImageSource, OpenImageOptions } from '../core/index.js'
import { DEFAULT_PLATFORM, parsePlatform } from './platform.js'
import type { Platform } from './platform.js'
import { parseImageReference } from './reference.js'
import type { RegistryReference } from './reference.js'
import { openArchive } from './sources/archive.js'
import { openDockerArchive } from './sources/docker-archive.js'
import { dirFiles } from './sources/files.js'
import { openOciLayout } from './sources/oci-layout.js'
import { openRegistryImage } from './sources/registry.js'
import { openRootfs } from './sources/rootfs.js'
import { resolveCredentials } from './registry/credentials.js'

/** Options of openImage: the common ones plus the environment to read credentials from. */
export type OpenOptions = OpenImageOptions & {
  /** Environment for auth file lookup (HOME, DOCKER_CONFIG, REGISTRY_AUTH_FILE, XDG_*). Never process.env. */
  readonly env?: NodeJS.ProcessEnv
  /** Registry retries after the first attempt (default 3). */
  readonly retries?: number
  /** First registry retry delay in ms (default 250). */
  readonly retryBaseMs?: number
}

/** Resolves partial limits against the defaults. */
export function resolveLimits(partial?: Partial<ImageLimits>): ImageLimits {
  return { ...DEFAULT_IMAGE_LIMITS, ...partial }
}

/**
 * Opens an image from any reference skopeo understands (plus `rootfs:`): the one entry point
 * of oci/. Nothing is extracted to disk except a compressed archive's temp copy, which close()
 * removes.
 * @example const img = await openImage('oci:./layout:1.0'); await img.walkLayer(0, (e) => console.log(e.path)); await img.close()
 */
export async function openImage(
  reference: string,
  options: OpenOptions = {},
): Promise<ImageSource> {
  const img = await openAny(reference, options)
  const m = img.metadata
  options.log?.debug(
    {
      reference,
      sourceType: m.sourceType,
      layers: m.layers.length,
      manifestDigest: m.manifestDigest,
    },
    'image opened',
  )
  return img
}

async function openAny(reference: string, options: OpenOptions): Promise<ImageSource> {
  const ref = parseImageReference(reference)
  const limits = resolveLimits(options.limits)
  const platform =
    options.platform !== undefined ? parsePlatform(options.platform) : DEFAULT_PLATFORM
  switch (ref.transport) {
    case 'rootfs':
      return openRootfs(ref.path, reference, limits)
    case 'oci':
      return openOciLayout(dirFiles(ref.path, reference), {
        reference,
        sourceType: 'oci',
        platform,
        limits,
        ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      })
    case 'oci-archive': {
      const a = await openArchive(ref.path, reference, limits.maxImageSize, options.tmpDir)
      return openOciLayout(a.files, {
        reference,
        sourceType: 'oci-archive',
        platform,
        limits,
        close: a.close,
        ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      }).catch(async (err: unknown) => {
        await a.close()
        throw err
      })
    }
    case 'docker-archive': {
      const a = await openArchive(ref.path, reference, limits.maxImageSize, options.tmpDir)
      return openDockerArchive(a.files, {
        reference,
        limits,
        close: a.close,
        ...(ref.name !== undefined ? { name: ref.name } : {}),
        ...(ref.sourceIndex !== undefined ? { sourceIndex: ref.sourceIndex } : {}),
      }).catch(async (err: unknown) => {
        await a.close()
        throw err
      })
    }
    case 'registry':
      return openRegistry(ref, reference, options, limits, platform)
  }
}

async function openRegistry(
  ref: RegistryReference,
  reference: string,
  options: OpenOptions,
  limits: ImageLimits,
  platform: Platform,
): Promise<ImageSource> {
  const credentials = await resolveCredentials(ref.registry, ref.repository, {
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.authFile !== undefined ? { authFile: options.authFile } : {}),
    env: options.env ?? {},
  })
  return openRegistryImage({
    reference,
    ref,
    platform,
    limits,
    insecure: options.insecure === true,
    ...(credentials ? { credentials } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
  })
}
