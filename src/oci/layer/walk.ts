import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { Transform } from 'node:stream'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError, ImageError } from '../../core/index.js'
import type { LayerWalkResult, LayerWarning } from '../../core/index.js'
import { createDecoder, detectCompression, peekStream } from './decompress.js'
import { toLayerEntry } from './entry.js'
import { TarReader } from './tar-reader.js'
import type { WalkParams } from './walk-params.js'

export type { WalkParams } from './walk-params.js'

function hashFor(digest: string | undefined): Hash | undefined {
  if (!digest) return undefined
  return createHash(digest.startsWith('sha512:') ? 'sha512' : 'sha256')
}

function tap(onChunk: (chunk: Buffer) => void): Transform {
  return new Transform({
    readableHighWaterMark: 1024 * 1024,
    writableHighWaterMark: 1024 * 1024,
    transform(chunk: Buffer, _enc, cb) {
      try {
        onChunk(chunk)
        cb(null, chunk)
      } catch (err) {
        cb(err as Error)
      }
    },
  })
}

function checkDigest(
  p: WalkParams,
  what: string,
  want: string | undefined,
  hash: Hash | undefined,
): void {
  if (!want || !hash) return
  const algo = want.slice(0, want.indexOf(':'))
  const got = `${algo}:${hash.digest('hex')}`
  if (got !== want) {
    throw new ImageError(
      'DIGEST_MISMATCH',
      `${p.image}: layer ${p.layerIndex} ${what} mismatch: expected ${want}, got ${got}`,
    )
  }
}

/**
 * Streams one layer: detects compression by magic bytes, decodes whiteouts, skips unsafe paths
 * as warnings, enforces size caps and verifies the blob digest and diffID at the end.
 */
export async function walkLayerStream(p: WalkParams): Promise<LayerWalkResult> {
  const warnings: LayerWarning[] = []
  const failures: { stage: string; err: Error }[] = []
  const head = await peekStream(p.source, 4).catch((err: Error) => {
    throw mapError(p, 'source', err)
  })
  const compression = detectCompression(head)
  const storedHash = hashFor(p.digest)
  const sameDigest = compression === 'none' && p.digest !== undefined && p.digest === p.diffId
  const diffHash = sameDigest ? undefined : hashFor(p.diffId)
  let stored = 0
  let bytes = 0
  const storedTap = tap((chunk) => {
    stored += chunk.length
    if (p.maxStoredSize !== undefined && stored > p.maxStoredSize) {
      throw new ImageError(
        'DIGEST_MISMATCH',
        `${p.image}: layer ${p.layerIndex} blob is larger than its declared ${p.maxStoredSize} bytes`,
      )
    }
    storedHash?.update(chunk)
  })
  const diffTap = tap((chunk) => {
    bytes += chunk.length
    p.budget.use(p.layerIndex, bytes, p.image)
    diffHash?.update(chunk)
  })
  let entries = 0
  const extract = new TarReader((h, readBody) => {
    const r = toLayerEntry(p, h, readBody, warnings)
    if (r.visited) entries++
    return r.done
  })
  const decoder = await createDecoder(compression)
  const stages = decoder
    ? [p.source, storedTap, decoder, diffTap, extract]
    : [p.source, storedTap, diffTap, extract]
  const names = decoder
    ? ['source', 'stored', 'decoder', 'diff', 'tar']
    : ['source', 'stored', 'diff', 'tar']
  stages.forEach((s, i) =>
    s.once('error', (err: Error) => failures.push({ stage: names[i] ?? 'tar', err })),
  )
  const perr = await pipeline(stages as [Readable, Transform, ...Transform[]]).then(
    () => undefined,
    (err: Error) => err,
  )
  if (perr) {
    if (extract.visitorError !== undefined) throw mapError(p, 'visit', extract.visitorError as Error)
    throw mapError(p, failures[0]?.stage ?? 'tar', failures[0]?.err ?? perr)
  }
  checkDigest(p, 'blob digest', p.digest, storedHash)
  checkDigest(p, 'diffID', p.diffId, sameDigest ? undefined : diffHash)
  return { entries, bytes, warnings }
}

function mapError(p: WalkParams, stage: string, err: Error): Error {
  if (err instanceof AppError) return err
  if (stage === 'source') {
    if (p.sourceError) return p.sourceError(err)
    return new ImageError(
      'LAYER_CORRUPT',
      `${p.image}: layer ${p.layerIndex}: cannot read blob: ${err.message}`,
      { cause: err },
    )
  }
  if (stage === 'visit') return err
  const what = stage === 'decoder' ? 'decompression failed' : 'tar stream is corrupt'
  return new ImageError(
    'LAYER_CORRUPT',
    `${p.image}: layer ${p.layerIndex}: ${what}: ${err.message}`,
    { cause: err },
  )
}
