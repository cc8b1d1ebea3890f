import { createHash, randomUUID } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import type { ReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { RegistryError } from './errors.js'
import { parseDigest } from './names.js'
import type { Digest } from './names.js'

/** Where an upload stands: its repository and the bytes received so far. */
export interface UploadInfo {
  readonly uuid: string
  readonly repository: string
  readonly size: number
  readonly startedAt: number
}

interface HashState {
  readonly hash: Hash
  size: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** fsyncs a file or directory so a rename survives a crash. */
async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r')
  try {
    await fh.datasync()
  } finally {
    await fh.close()
  }
}

/**
 * Content-addressed blob storage on the filesystem: `ROOT/<algorithm>/<first 2 hex>/<hex>`.
 * Uploads live in `ROOT/_uploads/<uuid>` (bytes) and `<uuid>.json` (repository) and are
 * invisible to readers until the digest is verified; then the file is fsynced and renamed into
 * place, so a crash never leaves a partial blob under a digest. The running sha256 of each
 * upload is kept in memory so chunked uploads are hashed once, while writing; after a restart
 * the state is rebuilt by reading the partial file.
 */
export class BlobStore {
  readonly root: string
  private readonly uploadsDir: string
  private readonly hashes = new Map<string, HashState>()

  constructor(root: string) {
    this.root = root
    this.uploadsDir = join(root, '_uploads')
  }

  /** Creates the directory layout (idempotent). */
  async init(): Promise<void> {
    await mkdir(this.uploadsDir, { recursive: true })
  }

  /** The file holding blob `digest`. */
  pathOf(digest: Digest): string {
    return join(this.root, digest.algorithm, digest.hex.slice(0, 2), digest.hex)
  }

  /** Size of a stored blob, or undefined when it is absent. */
  async size(digest: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(parseDigest(digest)))).size
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  /** An open read handle on a stored blob, or undefined when it is absent. */
  async openFile(digest: string): Promise<FileHandle | undefined> {
    try {
      return await open(this.pathOf(parseDigest(digest)), 'r')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  /** A read stream over a stored blob (optionally a byte range, both ends inclusive). */
  open(digest: string, range?: { start: number; end: number }): ReadStream {
    const hwm = 1024 * 1024
    return createReadStream(this.pathOf(parseDigest(digest)), { ...(range ?? {}), highWaterMark: hwm })
  }

  /** The whole blob (for manifests, which are at most a few MiB). */
  async read(digest: string): Promise<Buffer> {
    return readFile(this.pathOf(parseDigest(digest)))
  }

  /** Stores `bytes` under their sha256 digest atomically; returns the digest. */
  async putBytes(bytes: Buffer, algorithm: Digest['algorithm'] = 'sha256'): Promise<string> {
    const digest = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
    const target = this.pathOf(parseDigest(digest))
    if ((await this.size(digest)) === bytes.length) return digest
    const tmp = join(this.uploadsDir, `${randomUUID()}`)
    await writeFile(tmp, bytes, { flush: true })
    await this.install(tmp, target)
    return digest
  }

  /** Starts an upload for `repository`; returns its id. */
  async createUpload(repository: string): Promise<string> {
    const uuid = randomUUID()
    await writeFile(join(this.uploadsDir, `${uuid}.json`), JSON.stringify({ repository, startedAt: Date.now() }))
    await writeFile(join(this.uploadsDir, uuid), '')
    this.hashes.set(uuid, { hash: createHash('sha256'), size: 0 })
    return uuid
  }

  /** The upload's state, or undefined when it does not exist (or belongs to another repository). */
  async uploadInfo(uuid: string, repository: string): Promise<UploadInfo | undefined> {
    if (!UUID.test(uuid)) return undefined
    try {
      const meta = JSON.parse(await readFile(join(this.uploadsDir, `${uuid}.json`), 'utf8')) as {
        repository?: unknown
        startedAt?: unknown
      }
      if (meta.repository !== repository) return undefined
      const { size } = await stat(join(this.uploadsDir, uuid))
      return { uuid, repository, size, startedAt: Number(meta.startedAt) || 0 }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  /** Appends a request body to an upload, hashing while writing; returns the new size. */
  async append(info: UploadInfo, body: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<number> {
    const state = await this.hashState(info)
    let size = state.size
    const hash = state.hash
    this.hashes.delete(info.uuid) // restored below only if every byte hashed is also written
    // A 'data' listener beside the pipe hashes each chunk as it is written (no extra stream hop).
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > maxBytes) body.destroy(new RegistryError('SIZE_INVALID', `blob exceeds ${maxBytes} bytes`))
      else hash.update(chunk)
    }
    body.on('data', onData)
    try {
      await pipeline(body, createWriteStream(join(this.uploadsDir, info.uuid), { flags: 'a', highWaterMark: 1024 * 1024 }))
    } finally {
      body.off('data', onData)
    }
    this.hashes.set(info.uuid, { hash, size })
    return size
  }

  /**
   * Verifies the upload against `expected` and moves it into place (fsync, rename). On a
   * mismatch the upload is removed and DIGEST_INVALID thrown. Returns the blob's size.
   */
  async finish(info: UploadInfo, expected: Digest): Promise<number> {
    const file = join(this.uploadsDir, info.uuid)
    const state = await this.hashState(info)
    const actual =
      expected.algorithm === 'sha256' ? state.hash.copy().digest('hex') : await hashFile(file, expected.algorithm)
    if (actual !== expected.hex) {
      await this.cancel(info.uuid)
      throw new RegistryError('DIGEST_INVALID', `upload content does not match digest ${expected.text}`, {
        detail: { expected: expected.text, actual: `${expected.algorithm}:${actual}` },
      })
    }
    await fsyncPath(file)
    await this.install(file, this.pathOf(expected))
    await rm(join(this.uploadsDir, `${info.uuid}.json`), { force: true })
    this.hashes.delete(info.uuid)
    return state.size
  }

  /** Deletes an upload (bytes and metadata). */
  async cancel(uuid: string): Promise<void> {
    this.hashes.delete(uuid)
    await rm(join(this.uploadsDir, uuid), { force: true })
    await rm(join(this.uploadsDir, `${uuid}.json`), { force: true })
  }

  private async hashState(info: UploadInfo): Promise<HashState> {
    const known = this.hashes.get(info.uuid)
    if (known && known.size === info.size) return known
    // After a restart (or a failed append) the partial file is the truth: hash it again.
    const hash = createHash('sha256')
    let size = 0
    for await (const chunk of createReadStream(join(this.uploadsDir, info.uuid), { highWaterMark: 1024 * 1024 })) {
      hash.update(chunk as Buffer)
      size += (chunk as Buffer).length
    }
    return { hash, size }
  }

  private async install(tmp: string, target: string): Promise<void> {
    const dir = join(target, '..')
    await mkdir(dir, { recursive: true })
    await rename(tmp, target)
    await fsyncPath(dir)
  }
}

async function hashFile(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm)
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
