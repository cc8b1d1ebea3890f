/**
 * Test harness: writes small deterministic images from a spec, as an OCI layout directory, an
 * oci-archive, a docker-archive (legacy `<id>/layer.tar` or `blobs/sha256/` layout) or a rootfs
 * directory, with builders for hostile images (bad paths, truncated or lying blobs, absurd sizes).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import type { Header } from 'tar-stream'

/** A file of a layer: text content, or details. */
export type FileSpec =
  | string
  | {
      readonly content?: string | Buffer
      readonly mode?: number
      readonly type?: 'file' | 'dir' | 'symlink' | 'hardlink'
      readonly target?: string
      readonly uid?: number
      readonly gid?: number
    }

/** A tar entry written verbatim (no normalization): for hostile layers. */
export interface RawEntry {
  readonly name: string
  readonly type?: NonNullable<Header['type']>
  readonly content?: string | Buffer
  readonly linkname?: string
  readonly mode?: number
}

/** One layer: files, whiteouts (`opt/old` deletes opt/old), opaque dirs, raw entries. */
export interface LayerSpec {
  readonly files?: Readonly<Record<string, FileSpec>>
  readonly whiteouts?: readonly string[]
  readonly opaque?: readonly string[]
  readonly raw?: readonly RawEntry[]
}

/** An image: layers plus config fields and history. */
export interface ImageSpec {
  readonly layers: readonly LayerSpec[]
  readonly config?: Readonly<Record<string, unknown>>
  readonly history?: readonly Readonly<Record<string, unknown>>[]
  readonly architecture?: string
  readonly os?: string
  readonly variant?: string
  readonly annotations?: Readonly<Record<string, string>>
}

/** Layer compression for OCI outputs. */
export type Compression = 'gzip' | 'zstd' | 'none'

/** Ways to make an image lie (each names a layer index, or a size). */
export interface Corruption {
  /** Cut this layer's blob in half (digests stay those of the full blob). */
  readonly truncateLayer?: number
  /** Give this layer's descriptor a digest its content does not have. */
  readonly wrongDigest?: number
  /** Put a wrong diff_id in the config for this layer. */
  readonly wrongDiffId?: number
  /** Claim this size for layer 0 in the manifest. */
  readonly layerSize?: number
}

export interface BuildOptions {
  readonly compression?: Compression
  readonly corrupt?: Corruption
}

/** An image built in memory: blobs by digest plus the documents. */
export interface BuiltImage {
  readonly blobs: Map<string, Buffer>
  readonly manifest: Buffer
  readonly manifestDigest: string
  readonly config: Buffer
  readonly configDigest: string
  readonly layers: readonly {
    readonly digest: string
    readonly diffId: string
    readonly size: number
    readonly mediaType: string
  }[]
  /** Uncompressed layer tars, in order. */
  readonly tars: readonly Buffer[]
}

/** A tar entry to write: header fields plus body. */
export type TarEntry = Partial<Header> & { name: string; body?: Buffer }

const MTIME = new Date(1_700_000_000_000)
const FAKE = `sha256:${'0'.repeat(63)}1`

/** sha256 digest of bytes. */
export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', () => resolve())
    p.on('error', reject)
  })
  for (const { body, ...h } of entries) p.entry(h, body ?? Buffer.alloc(0))
  p.finalize()
  await done
  return Buffer.concat(chunks)
}

function fileEntry(path: string, f: FileSpec): TarEntry {
  const base = { name: path, mtime: MTIME, uid: 0, gid: 0, uname: '', gname: '' }
  if (typeof f === 'string') return { ...base, type: 'file', mode: 0o644, body: Buffer.from(f) }
  const type = f.type ?? 'file'
  const ids = { uid: f.uid ?? 0, gid: f.gid ?? 0 }
  if (type === 'symlink' || type === 'hardlink') {
    return {
      ...base,
      ...ids,
      type: type === 'symlink' ? 'symlink' : 'link',
      mode: f.mode ?? 0o777,
      linkname: f.target ?? '',
    }
  }
  if (type === 'dir') return { ...base, ...ids, type: 'directory', mode: f.mode ?? 0o755 }
  const body =
    typeof f.content === 'string' ? Buffer.from(f.content) : (f.content ?? Buffer.alloc(0))
  return { ...base, ...ids, type: 'file', mode: f.mode ?? 0o644, body }
}

/** The uncompressed tar of one layer: files (sorted), then whiteouts, opaque markers, raw entries. */
export async function layerTar(layer: LayerSpec): Promise<Buffer> {
  const entries: TarEntry[] = []
  for (const path of Object.keys(layer.files ?? {}).sort())
    entries.push(fileEntry(path, layer.files?.[path] ?? ''))
  const marker = (name: string): TarEntry => ({
    name,
    type: 'file',
    mode: 0o644,
    mtime: MTIME,
    size: 0,
  })
  for (const w of layer.whiteouts ?? []) {
    const slash = w.lastIndexOf('/')
    entries.push(marker(slash < 0 ? `.wh.${w}` : `${w.slice(0, slash)}/.wh.${w.slice(slash + 1)}`))
  }
  for (const d of layer.opaque ?? []) entries.push(marker(`${d}/.wh..wh..opq`))
  for (const r of layer.raw ?? []) {
    const body = typeof r.content === 'string' ? Buffer.from(r.content) : r.content
    entries.push({
      name: r.name,
      type: r.type ?? 'file',
      mode: r.mode ?? 0o644,
      mtime: MTIME,
      ...(r.linkname !== undefined ? { linkname: r.linkname } : {}),
      ...(body ? { body } : {}),
    })
  }
  return tarOf(entries)
}

/** Compresses a tar like the tools do (gzip via zlib, zstd via the zstd CLI). */
export function compress(tar: Buffer, c: Compression): Buffer {
  if (c === 'gzip') return gzipSync(tar, { level: 6 })
  if (c === 'zstd') {
    try {
      return execFileSync('zstd', ['-q', '-c', '-3'], { input: tar, maxBuffer: 1 << 30 })
    } catch (err) {
      throw new Error('zstd layers need the zstd CLI (Debian package zstd)', { cause: err })
    }
  }
  return tar
}

const LAYER_TYPES: Record<Compression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
}

/** Builds an image in memory (OCI manifest and config), optionally corrupted. */
export async function buildImage(spec: ImageSpec, opts: BuildOptions = {}): Promise<BuiltImage> {
  const compression = opts.compression ?? 'gzip'
  const c = opts.corrupt ?? {}
  const blobs = new Map<string, Buffer>()
  const tars: Buffer[] = []
  const layers: { digest: string; diffId: string; size: number; mediaType: string }[] = []
  for (const [i, l] of spec.layers.entries()) {
    const tar = await layerTar(l)
    tars.push(tar)
    let blob = compress(tar, compression)
    const digest = c.wrongDigest === i ? FAKE : sha256(blob)
    const size = i === 0 && c.layerSize !== undefined ? c.layerSize : blob.length
    if (c.truncateLayer === i) blob = blob.subarray(0, Math.floor(blob.length / 2))
    blobs.set(digest, blob)
    layers.push({
      digest,
      diffId: c.wrongDiffId === i ? FAKE : sha256(tar),
      size,
      mediaType: LAYER_TYPES[compression],
    })
  }
  const history =
    spec.history ??
    spec.layers.map((_l, i) => ({ created: MTIME.toISOString(), created_by: `layer ${i}` }))
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? 'amd64',
      os: spec.os ?? 'linux',
      ...(spec.variant ? { variant: spec.variant } : {}),
      created: MTIME.toISOString(),
      config: spec.config ?? {},
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history,
    }),
  )
  const configDigest = sha256(config)
  blobs.set(configDigest, config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    }),
  )
  const manifestDigest = sha256(manifest)
  blobs.set(manifestDigest, manifest)
  return { blobs, manifest, manifestDigest, config, configDigest, layers, tars }
}

export { FAKE as FAKE_DIGEST }

/** Files of a layout or archive, by path. */
export type FileMap = Map<string, Buffer>

function indexDoc(manifests: readonly Record<string, unknown>[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests,
    }),
  )
}

function blobFile(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`
}

/** One entry of an OCI layout: an image (with its tag) or a multi-platform index of images. */
export type LayoutEntry =
  | { readonly image: BuiltImage; readonly tag?: string }
  | {
      readonly platforms: readonly { readonly image: BuiltImage; readonly platform: string }[]
      readonly tag?: string
    }

function platformOf(text: string): Record<string, string> {
  const [os = '', architecture = '', variant] = text.split('/')
  return { os, architecture, ...(variant ? { variant } : {}) }
}

/** The files of an OCI image layout holding `entries` (nested index for multi-platform ones). */
export function ociLayoutFiles(entries: readonly LayoutEntry[]): FileMap {
  const files: FileMap = new Map([['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')]])
  const top: Record<string, unknown>[] = []
  const addImage = (img: BuiltImage): Record<string, unknown> => {
    for (const [d, b] of img.blobs) files.set(blobFile(d), b)
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: img.manifestDigest,
      size: img.manifest.length,
    }
  }
  for (const e of entries) {
    const ann =
      e.tag !== undefined ? { annotations: { 'org.opencontainers.image.ref.name': e.tag } } : {}
    if ('image' in e) {
      top.push({ ...addImage(e.image), ...ann })
      continue
    }
    const idx = indexDoc(
      e.platforms.map((p) => ({ ...addImage(p.image), platform: platformOf(p.platform) })),
    )
    files.set(blobFile(sha256(idx)), idx)
    top.push({
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: sha256(idx),
      size: idx.length,
      ...ann,
    })
  }
  files.set('index.json', indexDoc(top))
  return files
}

/** Writes files under a directory. */
export function writeFiles(dir: string, files: FileMap): void {
  for (const [path, data] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), data)
  }
}

/** Writes files as an uncompressed tar (sorted, deterministic). */
export async function writeTar(
  file: string,
  files: FileMap,
  links: Readonly<Record<string, string>> = {},
): Promise<void> {
  const entries: TarEntry[] = [...files.keys()].sort().map((name) => ({
    name,
    type: 'file',
    mode: 0o644,
    mtime: MTIME,
    body: files.get(name) ?? Buffer.alloc(0),
  }))
  for (const [name, target] of Object.entries(links))
    entries.push({ name, type: 'symlink', linkname: target, mode: 0o777, mtime: MTIME })
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, await tarOf(entries))
}

/** Writes an OCI layout directory. */
export function writeOciLayout(dir: string, entries: readonly LayoutEntry[]): void {
  writeFiles(dir, ociLayoutFiles(entries))
}

/** Writes an oci-archive (a tar of an OCI layout). */
export async function writeOciArchive(
  file: string,
  entries: readonly LayoutEntry[],
): Promise<void> {
  await writeTar(file, ociLayoutFiles(entries))
}

/**
 * Writes a docker-archive as `docker save` does: `legacy` (`<id>/layer.tar`, `<config-hex>.json`,
 * a symlinked duplicate layer when two are equal) or `blobs` (Docker 25+: `blobs/sha256/...`).
 * Layers are stored uncompressed, as docker save does.
 */
export async function writeDockerArchive(
  file: string,
  img: BuiltImage,
  o: { format?: 'legacy' | 'blobs'; repoTags?: readonly string[] } = {},
): Promise<void> {
  const files: FileMap = new Map()
  const links: Record<string, string> = {}
  const legacy = (o.format ?? 'legacy') === 'legacy'
  const hex = (d: string): string => d.slice(d.indexOf(':') + 1)
  const configPath = legacy ? `${hex(img.configDigest)}.json` : blobFile(img.configDigest)
  files.set(configPath, img.config)
  const layerPaths: string[] = []
  for (const [i, tar] of img.tars.entries()) {
    if (!legacy) {
      layerPaths.push(blobFile(sha256(tar)))
      files.set(blobFile(sha256(tar)), tar)
      continue
    }
    const id = hex(sha256(`${i}:${sha256(tar)}`))
    const first = img.tars.findIndex((t) => t.equals(tar))
    if (first < i)
      links[`${id}/layer.tar`] = `../${hex(sha256(`${first}:${sha256(tar)}`))}/layer.tar`
    else files.set(`${id}/layer.tar`, tar)
    files.set(`${id}/VERSION`, Buffer.from('1.0'))
    layerPaths.push(`${id}/layer.tar`)
  }
  files.set(
    'manifest.json',
    Buffer.from(
      JSON.stringify([{ Config: configPath, RepoTags: o.repoTags ?? [], Layers: layerPaths }]),
    ),
  )
  await writeTar(file, files, links)
}

/** Unpacks one layer spec's plain files, dirs and symlinks into a directory (a rootfs). */
export function writeRootfs(dir: string, layer: LayerSpec): void {
  mkdirSync(dir, { recursive: true })
  for (const [path, f] of Object.entries(layer.files ?? {})) {
    const abs = join(dir, path)
    mkdirSync(dirname(abs), { recursive: true })
    if (typeof f === 'string') writeFileSync(abs, f, { mode: 0o644 })
    else if (f.type === 'symlink') symlinkSync(f.target ?? '', abs)
    else if (f.type === 'dir') mkdirSync(abs, { recursive: true, mode: f.mode ?? 0o755 })
    else writeFileSync(abs, f.content ?? '', { mode: f.mode ?? 0o644 })
  }
}
