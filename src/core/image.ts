import type { Logger } from './log.js'

/** The kinds of image source (ARCHITECTURE.md, Interfaces). */
export const IMAGE_SOURCE_TYPES = ['docker-archive', 'oci', 'oci-archive', 'registry', 'rootfs'] as const
export type ImageSourceType = (typeof IMAGE_SOURCE_TYPES)[number]

/** One layer of an opened image, in order from the base (index 0) up. */
export interface ImageLayer {
  readonly index: number
  /** Digest of the blob as stored (compressed for registries and OCI layouts). */
  readonly digest?: string
  /** Digest of the uncompressed tar: config rootfs.diff_ids[index]. Empty for rootfs sources. */
  readonly diffId: string
  /** Stored size in bytes (compressed where the blob is compressed). */
  readonly size: number
  readonly mediaType?: string
  /** created_by of the history entry that made this layer (empty_layer entries skipped). */
  readonly createdBy?: string
  readonly created?: string
  readonly comment?: string
}

/** The parts of the OCI / Docker image config Bulwark reads (config.json). */
export interface ImageConfig {
  readonly architecture?: string
  readonly os?: string
  readonly variant?: string
  readonly created?: string
  readonly config?: {
    readonly User?: string
    readonly Env?: readonly string[]
    readonly Cmd?: readonly string[]
    readonly Entrypoint?: readonly string[]
    readonly WorkingDir?: string
    readonly ExposedPorts?: Readonly<Record<string, unknown>>
    readonly Labels?: Readonly<Record<string, string>>
    readonly Volumes?: Readonly<Record<string, unknown>>
    readonly Healthcheck?: { readonly Test?: readonly string[] }
    readonly StopSignal?: string
  }
  readonly rootfs?: { readonly type?: string; readonly diff_ids?: readonly string[] }
  readonly history?: readonly {
    readonly created?: string
    readonly created_by?: string
    readonly comment?: string
    readonly empty_layer?: boolean
  }[]
}

/** What is known about an opened image before any layer is read. */
export interface ImageMetadata {
  /** The reference as the user gave it. */
  readonly reference: string
  readonly sourceType: ImageSourceType
  /** Repository name when known (`localhost:5000/app`, `docker.io/library/debian`). */
  readonly repository?: string
  readonly tag?: string
  /** Digest of the image manifest (of the platform's manifest when an index was resolved). */
  readonly manifestDigest?: string
  /** Digest of the index or manifest list the reference pointed at, when there was one. */
  readonly indexDigest?: string
  readonly manifestMediaType?: string
  /** Digest of the config blob: the image ID. */
  readonly configDigest?: string
  readonly config: ImageConfig
  readonly layers: readonly ImageLayer[]
  /** Sum of the stored layer sizes plus config and manifest. */
  readonly size: number
  readonly annotations?: Readonly<Record<string, string>>
}

/** Kinds of tar entry a layer walk reports. Whiteouts are decoded: `path` is what they delete. */
export type LayerEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other'

/** One entry of a layer, as a container would see its path. */
export interface LayerEntry {
  /** Normalized path relative to the image root: no leading slash, no `.` or `..` segments. */
  readonly path: string
  readonly kind: LayerEntryKind
  readonly mode: number
  readonly uid: number
  readonly gid: number
  /** Uncompressed size of the body (0 for anything but files). */
  readonly size: number
  /** Symlink or hardlink target as written in the tar (not resolved). */
  readonly linkTarget?: string
  /**
   * Reads the whole body of a file. Call it before the visitor's returned promise settles; it
   * fails with ImageError SIZE_LIMIT above the per-file cap. Unread bodies are skipped cheaply.
   */
  read(): Promise<Buffer>
}

/** What a layer walk skipped or noticed: paths outside the root and the like. */
export interface LayerWarning {
  readonly layerIndex: number
  readonly path: string
  readonly reason: string
}

/** Counts from one layer walk. */
export interface LayerWalkResult {
  readonly entries: number
  readonly bytes: number
  readonly warnings: readonly LayerWarning[]
}

/** Limits that keep hostile images from exhausting memory or disk. */
export interface ImageLimits {
  /** Largest body `LayerEntry.read()` returns (bytes). */
  readonly maxFileSize: number
  /** Largest total uncompressed size of all layers (bytes). */
  readonly maxImageSize: number
  /** Largest manifest, index or config document (bytes). */
  readonly maxManifestSize: number
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxFileSize: 512 * 1024 * 1024,
  maxImageSize: 64 * 1024 * 1024 * 1024,
  maxManifestSize: 4 * 1024 * 1024,
}

/** An image opened for reading. Layers are streamed; nothing is extracted to disk. */
export interface ImageSource {
  readonly metadata: ImageMetadata
  /**
   * Streams layer `index` and calls `visit` for every entry in tar order, awaiting it before
   * the next. Verifies the blob digest and diffID at the end (ImageError DIGEST_MISMATCH);
   * unsafe paths are skipped and returned as warnings.
   */
  walkLayer(
    index: number,
    visit: (entry: LayerEntry) => void | Promise<void>,
  ): Promise<LayerWalkResult>
  /** Releases temp files and connections. */
  close(): Promise<void>
}

/** Options every image opener takes. */
export interface OpenImageOptions {
  /** `os/arch[/variant]` to pick from an index; default linux/amd64 (or the host's). */
  readonly platform?: string
  /** Allow plain HTTP and unverified TLS to registries. */
  readonly insecure?: boolean
  readonly username?: string
  readonly password?: string
  /** Explicit auth file (Docker config.json or containers auth.json). */
  readonly authFile?: string
  readonly limits?: Partial<ImageLimits>
  /** Private temp root for archives that must be spooled; removed by close(). */
  readonly tmpDir?: string
  readonly timeoutMs?: number
  readonly log?: Logger
}
