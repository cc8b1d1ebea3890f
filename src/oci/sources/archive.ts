import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, open, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { ImageError } from '../../core/index.js'
import { STREAM_CHUNK, createDecoder, detectCompression } from '../layer/decompress.js'
import { tarFiles } from './files.js'
import type { LayoutFiles } from './files.js'
import { indexTar } from './tar-index.js'

/** An archive opened for reading by offset, and how to release what opening it made. */
export interface OpenedArchive {
  readonly files: LayoutFiles
  readonly close: () => Promise<void>
}

async function head(path: string): Promise<Buffer> {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(4)
    const { bytesRead } = await fh.read(buf, 0, 4, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/**
 * Opens a tar archive (docker-archive, oci-archive) without extracting it: an uncompressed tar is
 * indexed in place; a gzip- or zstd-compressed one is first decompressed into a private temp
 * root (bounded by maxImageSize) that close() removes.
 */
export async function openArchive(
  path: string,
  image: string,
  maxBytes: number,
  tmpRoot?: string,
): Promise<OpenedArchive> {
  const st = await stat(path).catch(() => undefined)
  if (!st?.isFile())
    throw new ImageError(
      'IMAGE_NOT_FOUND',
      `${image}: archive ${path} does not exist or is not a file`,
    )
  const decoder = await createDecoder(detectCompression(await head(path)))
  if (!decoder) {
    const members = await indexTar(path, image)
    return { files: tarFiles(path, members, image), close: async () => {} }
  }
  const dir = await mkdtemp(join(tmpRoot ?? tmpdir(), 'bulwark-archive-'))
  const close = (): Promise<void> => rm(dir, { recursive: true, force: true })
  const tarPath = join(dir, 'archive.tar')
  let total = 0
  const cap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length
      if (total > maxBytes)
        cb(
          new ImageError(
            'SIZE_LIMIT',
            `${image}: archive decompresses to more than ${maxBytes} bytes`,
          ),
        )
      else cb(null, chunk)
    },
  })
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: STREAM_CHUNK }),
      decoder,
      cap,
      createWriteStream(tarPath, { mode: 0o600 }),
    )
    const members = await indexTar(tarPath, image)
    return { files: tarFiles(tarPath, members, image), close }
  } catch (err) {
    await close()
    if (err instanceof ImageError) throw err
    throw new ImageError(
      'LAYER_CORRUPT',
      `${image}: cannot decompress archive ${path}: ${(err as Error).message}`,
      { cause: err },
    )
  }
}
