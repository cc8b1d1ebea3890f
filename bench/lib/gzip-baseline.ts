import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BenchError, timeCommand } from './time-command.js'

// ref: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md

interface Descriptor {
  readonly mediaType?: string
  readonly digest: string
  readonly annotations?: Readonly<Record<string, string>>
}

/** Splits `oci:DIR[:TAG]` or a bare layout directory into its parts. */
export function parseLayoutRef(image: string): { dir: string; tag?: string } {
  if (!image.startsWith('oci:')) return { dir: image }
  const rest = image.slice('oci:'.length)
  const i = rest.lastIndexOf(':')
  return i > 0 && !rest.slice(i + 1).includes('/')
    ? { dir: rest.slice(0, i), tag: rest.slice(i + 1) }
    : { dir: rest }
}

const blob = (dir: string, digest: string): string =>
  join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''))

/** The gzip layer blobs of an OCI layout's image (the tagged one, or the only one), base first. */
export async function layoutLayerBlobs(image: string): Promise<string[]> {
  const { dir, tag } = parseLayoutRef(image)
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: Descriptor[]
  }
  const found = tag
    ? index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)
    : index.manifests
  const entry = found[0]
  if (!entry || found.length > 1)
    throw new BenchError(
      'BENCH_COMMAND_FAILED',
      `${image}: expected one image, found ${found.length}`,
    )
  const manifest = JSON.parse(await readFile(blob(dir, entry.digest), 'utf8')) as {
    layers?: Descriptor[]
  }
  const layers = manifest.layers ?? []
  const notGzip = layers.filter((l) => !(l.mediaType ?? '').endsWith('gzip'))
  if (notGzip.length > 0)
    throw new BenchError(
      'BENCH_COMMAND_FAILED',
      `${image}: layers not gzip: ${notGzip.map((l) => l.mediaType).join(', ')}`,
    )
  return layers.map((l) => blob(dir, l.digest))
}

/**
 * The floor every image benchmark compares against: seconds for one `gzip -dc` to decompress every
 * layer blob of an OCI layout (`oci:DIR[:TAG]` or DIR) to /dev/null.
 */
export async function gzipBaseline(image: string): Promise<number> {
  const blobs = await layoutLayerBlobs(image)
  const t = await timeCommand('sh', [
    '-c',
    'exec gzip -dc "$@" >/dev/null',
    'gzip-baseline',
    ...blobs,
  ])
  return t.wallSeconds
}
