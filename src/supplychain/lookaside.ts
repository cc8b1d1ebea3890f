import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { request } from 'undici'
import { ExternalError, UserError } from '../core/index.js'

// ref: https://github.com/containers/image/blob/main/docs/signature-protocols.md
// Layout: <base>/<repository path>@<algo>=<hex>/signature-<n>, n from 1, read until one is missing.

const MAX_SIG = 4 * 1024 * 1024
const MAX_SIGS = 64

/** The relative path of the n-th (1-based) signature of `digest` in `repository`. */
export function lookasidePath(repository: string, digest: string, n: number): string {
  return `${repository}@${digest.replace(':', '=')}/signature-${n}`
}

function isUrl(base: string): boolean {
  return /^(https?|file):\/\//.test(base)
}

function localBase(base: string): string | undefined {
  if (base.startsWith('file://')) return fileURLToPath(base)
  return isUrl(base) ? undefined : base
}

async function readOne(base: string, rel: string): Promise<Buffer | undefined> {
  const local = localBase(base)
  if (local !== undefined) {
    return readFile(join(local, rel)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw new UserError('INPUT_INVALID', `lookaside ${local}: ${err.message}`, { cause: err })
    })
  }
  const url = `${base.replace(/\/$/, '')}/${rel}`
  const res = await request(url, { headersTimeout: 30_000, bodyTimeout: 30_000 }).catch((err: unknown) => {
    throw new ExternalError('REGISTRY_UNAVAILABLE', `lookaside ${url}: unreachable`, { cause: err })
  })
  if (res.statusCode === 404) {
    await res.body.dump()
    return undefined
  }
  if (res.statusCode !== 200) {
    await res.body.dump()
    throw new ExternalError('REGISTRY_UNAVAILABLE', `lookaside ${url}: answered ${res.statusCode}`)
  }
  const bytes = Buffer.from(await res.body.arrayBuffer())
  if (bytes.length > MAX_SIG) throw new ExternalError('REGISTRY_UNAVAILABLE', `lookaside ${url}: signature over ${MAX_SIG} bytes`)
  return bytes
}

/** Reads every signature of `digest` from a lookaside folder, file:// or http(s):// base. */
export async function readLookaside(base: string, repository: string, digest: string): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (let n = 1; n <= MAX_SIGS; n++) {
    const sig = await readOne(base, lookasidePath(repository, digest, n))
    if (sig === undefined) break
    out.push(sig)
  }
  return out
}

/** Writes a signature as the next free `signature-<n>` in a lookaside folder; returns its path. */
export async function writeLookaside(base: string, repository: string, digest: string, sig: Buffer): Promise<string> {
  const local = localBase(base)
  if (local === undefined) throw new UserError('ARG_INVALID', `--lookaside ${base}: writing needs a folder or file:// URL`)
  const existing = await readLookaside(local, repository, digest)
  const file = join(local, lookasidePath(repository, digest, existing.length + 1))
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, sig, { flag: 'wx' })
  return file
}
