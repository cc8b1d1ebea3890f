import { link, mkdir, open, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ScanReport } from '../core/index.js'

// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md
// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md

/** The file of a stored blob of the built-in registry, by digest (BlobStore layout). */
export type BlobFile = (digest: string) => string

const DIGEST = /^sha256:[0-9a-f]{64}$/
/** The built-in registry refuses larger manifests on push (registry/handlers-manifests.ts). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
/** More platforms than this in one index: not laid out (the scanner pulls the one it wants). */
const MAX_CHILDREN = 64
/** The tag the layout gives the image (the scanner opens `oci:DIR:TAG`). */
export const LAYOUT_TAG = 'scan'

interface Doc {
  readonly mediaType?: unknown
  readonly manifests?: unknown
  readonly config?: unknown
  readonly layers?: unknown
}

async function readManifest(file: string): Promise<{ bytes: Buffer; doc: Doc } | undefined> {
  const fh = await open(file, 'r').catch(() => undefined)
  if (!fh) return undefined
  try {
    const { size } = await fh.stat()
    if (size > MAX_MANIFEST_BYTES) return undefined
    const bytes = Buffer.alloc(size)
    await fh.read(bytes, 0, size, 0)
    const doc = JSON.parse(bytes.toString('utf8')) as unknown
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? { bytes, doc: doc as Doc } : undefined
  } catch {
    return undefined
  } finally {
    await fh.close()
  }
}

/** The digests of a list of descriptors, or undefined when one is not a plain sha256 digest. */
function digestsOf(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined
  const out: string[] = []
  for (const d of list) {
    const digest = (d as { digest?: unknown } | null)?.digest
    if (typeof digest !== 'string' || !DIGEST.test(digest)) return undefined
    out.push(digest)
  }
  return out
}

/** Blobs an image manifest names (config, layers); undefined when it is not one we can lay out. */
function imageBlobs(doc: Doc): string[] | undefined {
  const config = digestsOf(doc.config === undefined ? undefined : [doc.config])
  const layers = digestsOf(doc.layers)
  return config && layers ? [...config, ...layers] : undefined
}

// A hard link keeps the blob readable if the registry deletes it during the scan; across file
// systems (blobs on their own volume) a symbolic link does the job.
async function linkBlob(file: string, to: string): Promise<void> {
  try {
    await link(file, to)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EXDEV' && code !== 'EPERM') throw err
    await symlink(file, to)
  }
}

/**
 * Lays out a pushed image of the built-in registry as an OCI image layout in `dir`, its blobs
 * links to the stored files (nothing is copied): the scanner then reads the image from disk instead of pulling it through the
 * server's /v2/, which leaves the server to its clients. The scanner still verifies every digest.
 * Returns the layout reference (`oci:DIR:scan`), or undefined when the image cannot be laid out
 * this way (a blob absent from the store, a digest that is not sha256, links refused): the caller
 * pulls it instead.
 */
export async function layOutStoredImage(dir: string, digest: string, blobFile: BlobFile): Promise<string | undefined> {
  if (!DIGEST.test(digest)) return undefined
  const top = await readManifest(blobFile(digest))
  if (!top) return undefined
  const blobs = new Set<string>([digest])
  const children = top.doc.manifests !== undefined ? digestsOf(top.doc.manifests) : []
  if (!children || children.length > MAX_CHILDREN) return undefined
  if (children.length === 0) {
    const own = imageBlobs(top.doc)
    if (!own) return undefined
    for (const b of own) blobs.add(b)
  }
  for (const child of children) {
    const m = await readManifest(blobFile(child))
    // a platform the registry does not hold is skipped; the scanner says so if it wanted it
    if (!m) continue
    const own = imageBlobs(m.doc)
    if (!own) return undefined
    blobs.add(child)
    for (const b of own) blobs.add(b)
  }
  const blobDir = join(dir, 'blobs', 'sha256')
  await mkdir(blobDir, { recursive: true })
  try {
    for (const b of blobs) await linkBlob(blobFile(b), join(blobDir, b.slice('sha256:'.length)))
  } catch {
    return undefined
  }
  const mediaType = typeof top.doc.mediaType === 'string' ? top.doc.mediaType : top.doc.manifests !== undefined ? OCI_INDEX : OCI_MANIFEST
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType, digest, size: top.bytes.length, annotations: { 'org.opencontainers.image.ref.name': LAYOUT_TAG } }],
  }
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  await writeFile(join(dir, 'index.json'), JSON.stringify(index))
  return `oci:${dir}:${LAYOUT_TAG}`
}

/**
 * The report of an image read from its layout, named as the image it is: the registry reference
 * (`docker://HOST/REPO@DIGEST`) a pull would have used, not the temporary layout.
 */
export function asRegistryImage(report: ScanReport, reference: string, repository: string): ScanReport {
  const { tag: _tag, ...artifact } = report.artifact
  return { ...report, artifact: { ...artifact, name: reference, type: 'registry', repository } }
}
