import { createHash, randomUUID } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { ReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { RegistryError } from './errors.js'
import { Installer, fsyncPath } from './installer.js'
import { Lru } from './lru.js'
import { parseDigest } from './names.js'
import type { Digest } from './names.js'
import { appendBody } from './upload-writer.js'

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

interface UploadMeta {
  readonly repository: string
  readonly startedAt: number
}

/** Manifests (and other small blobs read whole) kept in memory: at most this many bytes. */
const SMALL_CACHE_BYTES = 32 * 1024 * 1024
/** Sizes of blobs known to this process (a digest's size never changes). */
const SIZE_CACHE_ENTRIES = 50_000
/** Uploads whose metadata is remembered; older ones are read from their .json file again. */
const UPLOAD_CACHE_ENTRIES = 10_000

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Content-addressed blob storage on the filesystem: `ROOT/<algorithm>/<first 2 hex>/<hex>`.
 * Uploads live in `ROOT/_uploads/<uuid>` (bytes) and `<uuid>.json` (repository) and are
 * invisible to readers until the digest is verified; then the file is fsynced and renamed into
 * place, so a crash never leaves a partial blob under a digest (the names are made durable in
 * batches by `syncNames`, see installer.ts). The running sha256 of each
 * upload is kept in memory so chunked uploads are hashed once, while writing; after a restart
 * the state is rebuilt by reading the partial file.
 */
export class BlobStore {
  readonly root: string
  private readonly uploadsDir: string
  private readonly hashes = new Map<string, HashState>()
  /** Repository and start time of each upload: fixed when it is created, so safe to remember. */
  private readonly uploads = new Lru<string, UploadMeta>(UPLOAD_CACHE_ENTRIES)
  private readonly small = new Lru<string, Buffer>(SMALL_CACHE_BYTES, (b) => b.length)
  private readonly sizes = new Lru<string, number>(SIZE_CACHE_ENTRIES)
  private readonly installer = new Installer()

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

  /** The file holding blob `digest` (`algorithm:hex`; throws on a malformed digest). */
  fileOf(digest: string): string {
    return this.pathOf(parseDigest(digest))
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

  /**
   * An open read handle on a stored blob and its size, or undefined when it is absent. The size
   * comes from memory when this process has seen the blob, else from the open file.
   */
  async openFile(digest: string): Promise<{ fh: FileHandle; size: number } | undefined> {
    let fh: FileHandle
    try {
      fh = await open(this.pathOf(parseDigest(digest)), 'r')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    let size = this.sizes.get(digest)
    if (size === undefined) {
      try {
        size = (await fh.stat()).size
      } catch (err) {
        await fh.close()
        throw err
      }
      this.sizes.set(digest, size)
    }
    return { fh, size }
  }

  /** Forgets what memory holds about `digest` (its file was removed). */
  evict(digest: string): void {
    this.small.delete(digest)
    this.sizes.delete(digest)
  }

  /** A read stream over a stored blob (optionally a byte range, both ends inclusive). */
  open(digest: string, range?: { start: number; end: number }): ReadStream {
    const hwm = 1024 * 1024
    return createReadStream(this.pathOf(parseDigest(digest)), { ...(range ?? {}), highWaterMark: hwm })
  }

  /** The whole blob (for manifests, which are at most a few MiB); recent ones come from memory. */
  async read(digest: string): Promise<Buffer> {
    const cached = this.small.get(digest)
    if (cached) return cached
    const bytes = await readFile(this.pathOf(parseDigest(digest)))
    this.small.set(digest, bytes)
    return bytes
  }

  /** Stores `bytes` under their sha256 digest atomically; returns the digest. */
  async putBytes(bytes: Buffer, algorithm: Digest['algorithm'] = 'sha256'): Promise<string> {
    const digest = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
    const target = this.pathOf(parseDigest(digest))
    if ((await this.size(digest)) !== bytes.length) {
      const tmp = join(this.uploadsDir, `${randomUUID()}`)
      await writeFile(tmp, bytes, { flush: true })
      await this.installer.install(tmp, target)
    }
    this.small.set(digest, bytes)
    this.sizes.set(digest, bytes.length)
    return digest
  }

  /**
   * Makes every blob stored so far durable under its name (fsyncs the directories renamed into).
   * Blob bytes are synced before their rename; the names are synced here, once per manifest push.
   */
  async syncNames(): Promise<void> {
    await this.installer.syncDirs()
  }

  /** Directories holding blob names not yet synced (tests). */
  get pendingNames(): number {
    return this.installer.pending
  }

  /** Starts an upload for `repository`; returns its id. */
  async createUpload(repository: string): Promise<string> {
    const uuid = randomUUID()
    const meta: UploadMeta = { repository, startedAt: Date.now() }
    await Promise.all([
      writeFile(join(this.uploadsDir, `${uuid}.json`), JSON.stringify(meta)),
      writeFile(join(this.uploadsDir, uuid), ''),
    ])
    this.uploads.set(uuid, meta)
    this.hashes.set(uuid, { hash: createHash('sha256'), size: 0 })
    return uuid
  }

  /** The upload's state, or undefined when it does not exist (or belongs to another repository). */
  async uploadInfo(uuid: string, repository: string): Promise<UploadInfo | undefined> {
    if (!UUID.test(uuid)) return undefined
    try {
      const meta = this.uploads.get(uuid) ?? (await this.loadUploadMeta(uuid))
      if (meta.repository !== repository) return undefined
      // The size is always read from disk: the partial file is the truth (another process, or
      // an append that failed half-way, may have changed it).
      const { size } = await stat(join(this.uploadsDir, uuid))
      return { uuid, repository, size, startedAt: meta.startedAt }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  private async loadUploadMeta(uuid: string): Promise<UploadMeta> {
    const doc = JSON.parse(await readFile(join(this.uploadsDir, `${uuid}.json`), 'utf8')) as {
      repository?: unknown
      startedAt?: unknown
    }
    const meta = { repository: String(doc.repository), startedAt: Number(doc.startedAt) || 0 }
    this.uploads.set(uuid, meta)
    return meta
  }

  /** Appends a request body to an upload, hashing while writing; returns the new size. */
  async append(info: UploadInfo, body: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<number> {
    const state = await this.hashState(info)
    let size = state.size
    const hash = state.hash
    this.hashes.delete(info.uuid) // restored below only if every byte hashed is also written
    const fh = await open(join(this.uploadsDir, info.uuid), 'a')
    try {
      await appendBody(fh, body, (chunk) => {
        size += chunk.length
        if (size > maxBytes) throw new RegistryError('SIZE_INVALID', `blob exceeds ${maxBytes} bytes`)
        hash.update(chunk)
      })
    } finally {
      await fh.close()
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
    await this.installer.install(file, this.pathOf(expected))
    await rm(join(this.uploadsDir, `${info.uuid}.json`), { force: true })
    this.hashes.delete(info.uuid)
    this.uploads.delete(info.uuid)
    this.sizes.set(expected.text, state.size)
    return state.size
  }

  /** Deletes an upload (bytes and metadata). */
  async cancel(uuid: string): Promise<void> {
    this.hashes.delete(uuid)
    this.uploads.delete(uuid)
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
}

async function hashFile(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm)
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
