import type { Readable } from 'node:stream'
import type { ImageLimits, LayerEntry } from '../../core/index.js'
import type { ByteBudget } from './budget.js'

/** Everything one layer walk needs. */
export interface WalkParams {
  /** The image reference, for error messages. */
  readonly image: string
  readonly layerIndex: number
  /** The stored blob, from its first byte. */
  readonly source: Readable
  /** Expected digest of the stored blob, when the source has one. */
  readonly digest?: string
  /** Expected digest of the uncompressed tar ('' or undefined: not checked). */
  readonly diffId?: string
  /** Largest stored size accepted (the descriptor's size), when known. */
  readonly maxStoredSize?: number
  readonly limits: ImageLimits
  readonly budget: ByteBudget
  /** Maps an error of the source stream (network, disk) to the error to throw. */
  readonly sourceError?: (err: Error) => Error
  readonly visit: (entry: LayerEntry) => void | Promise<void>
}
