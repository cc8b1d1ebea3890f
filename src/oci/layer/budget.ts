import { ImageError } from '../../core/index.js'

/**
 * The image-wide budget of uncompressed bytes (ImageLimits.maxImageSize). Each layer counts once
 * at the most it has produced, so walking a layer twice does not double its share.
 */
export class ByteBudget {
  private readonly perLayer = new Map<number, number>()
  private total = 0

  constructor(private readonly max: number) {}

  /** Records that layer `index` has produced `bytes` so far; throws SIZE_LIMIT past the cap. */
  use(index: number, bytes: number, image: string): void {
    const prev = this.perLayer.get(index) ?? 0
    if (bytes <= prev) return
    this.perLayer.set(index, bytes)
    this.total += bytes - prev
    if (this.total > this.max) {
      throw new ImageError(
        'SIZE_LIMIT',
        `${image}: uncompressed layers exceed the ${this.max}-byte image limit (at layer ${index})`,
      )
    }
  }
}
