import { ImageError } from '../../core/index.js'
import type { ImageLimits, ImageSource } from '../../core/index.js'
import { createBlobImage } from '../blob-image.js'
import type { LayerBlob } from '../blob-image.js'
import { array, nullish, object, str } from '../doc-check.js'
import { parseImageConfig, parseJsonDocument } from '../manifest.js'
import { parseRegistryReference } from '../reference.js'
import { digestOf, verifyDigest } from '../resolve.js'
import type { LayoutFiles } from './files.js'

// ref: https://github.com/moby/moby/blob/master/image/spec/v1.2.md (docker save layout)
const ArchiveManifest = array(
  object({
    Config: str,
    RepoTags: nullish(array(str)),
    Layers: array(str),
  }),
)
type ArchiveEntry = ReturnType<typeof ArchiveManifest>[number]

/** How to open one image of a docker-archive. */
export interface DockerArchiveOptions {
  readonly reference: string
  /** Normalized `registry/repo:tag` to choose. */
  readonly name?: string
  readonly sourceIndex?: number
  readonly limits: ImageLimits
  readonly close?: () => Promise<void>
}

const BLOB_PATH = /^blobs\/(sha256|sha512)\/([a-f0-9]{64}|[a-f0-9]{128})$/
const LEGACY_CONFIG = /^([a-f0-9]{64})\.json$/

function digestOfPath(path: string): string | undefined {
  const m = BLOB_PATH.exec(path)
  return m ? `${m[1]}:${m[2]}` : undefined
}

function normalizeTag(tag: string): string | undefined {
  try {
    const r = parseRegistryReference(tag)
    return `${r.registry}/${r.repository}:${r.tag ?? 'latest'}`
  } catch {
    return undefined
  }
}

function choose(entries: readonly ArchiveEntry[], o: DockerArchiveOptions): ArchiveEntry {
  const image = o.reference
  if (o.sourceIndex !== undefined) {
    const e = entries[o.sourceIndex]
    if (!e)
      throw new ImageError(
        'IMAGE_NOT_FOUND',
        `${image}: archive has ${entries.length} images, no @${o.sourceIndex}`,
      )
    return e
  }
  if (o.name !== undefined) {
    const e = entries.find((x) => (x.RepoTags ?? []).some((t) => normalizeTag(t) === o.name))
    if (!e)
      throw new ImageError('IMAGE_NOT_FOUND', `${image}: archive has no image named ${o.name}`)
    return e
  }
  const [only, ...more] = entries
  if (!only) throw new ImageError('IMAGE_NOT_FOUND', `${image}: archive holds no image`)
  if (more.length > 0) {
    const names = entries.flatMap((x) => x.RepoTags ?? [])
    throw new ImageError(
      'IMAGE_NOT_FOUND',
      `${image}: archive holds ${entries.length} images; name one (${names.join(', ')})`,
    )
  }
  return only
}

/** Opens one image of a `docker save` archive (legacy `<id>/layer.tar` or `blobs/sha256/` layout). */
export async function openDockerArchive(
  files: LayoutFiles,
  o: DockerArchiveOptions,
): Promise<ImageSource> {
  const image = o.reference
  const max = o.limits.maxManifestSize
  const raw = await files.read('manifest.json', max, 'manifest.json')
  if (!raw)
    throw new ImageError('IMAGE_NOT_FOUND', `${image}: not a docker archive (no manifest.json)`)
  const entry = choose(parseJsonDocument(raw, ArchiveManifest, image, 'manifest.json', max), o)
  const configBytes = await files.read(entry.Config, max, 'config')
  if (!configBytes)
    throw new ImageError('IMAGE_NOT_FOUND', `${image}: config ${entry.Config} is missing`)
  const legacy = LEGACY_CONFIG.exec(entry.Config)
  const configDigest =
    digestOfPath(entry.Config) ?? (legacy ? `sha256:${legacy[1]}` : digestOf(configBytes))
  verifyDigest(configBytes, configDigest, image, 'config')
  const config = parseImageConfig(configBytes, image, max)
  const layers: LayerBlob[] = []
  for (const [i, path] of entry.Layers.entries()) {
    const size = await files.size(path)
    if (size === undefined)
      throw new ImageError(
        'IMAGE_NOT_FOUND',
        `${image}: layer ${i} (${path}) is missing from the archive`,
      )
    const digest = digestOfPath(path)
    layers.push({
      ...(digest !== undefined ? { digest } : {}),
      size,
      async open() {
        const s = await files.open(path)
        if (!s) throw new ImageError('IMAGE_NOT_FOUND', `${image}: layer ${i} (${path}) is missing`)
        return s
      },
    })
  }
  const tagged =
    o.name ?? (entry.RepoTags?.[0] !== undefined ? normalizeTag(entry.RepoTags[0]) : undefined)
  const colon = tagged?.lastIndexOf(':') ?? -1
  return createBlobImage({
    reference: image,
    sourceType: 'docker-archive',
    ...(tagged !== undefined && colon > 0
      ? { repository: tagged.slice(0, colon), tag: tagged.slice(colon + 1) }
      : {}),
    configDigest,
    config,
    layers,
    documentBytes: raw.length + configBytes.length,
    limits: o.limits,
    ...(o.close ? { close: o.close } : {}),
  })
}
