/** Where in an image something came from: the layer that holds it. */
export interface LayerRef {
  /** 0-based position in the image's layer list (0 is the base). */
  readonly index: number
  /** Digest of the layer blob as stored (compressed), when the source has one. */
  readonly digest?: string
  /** Digest of the uncompressed tar (the config's rootfs.diff_ids entry). */
  readonly diffId: string
  /** The history entry's created_by for this layer, when known. */
  readonly createdBy?: string
}

/** A place a fact was found: a file path in the image, with its layer when known. */
export interface FileLocation {
  /** Path inside the image, relative to its root, without a leading slash. */
  readonly path: string
  readonly layer?: LayerRef
  /** 1-based line, when the producer knows it. */
  readonly line?: number
}
