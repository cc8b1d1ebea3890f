import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileInput, PackageDraft } from '../../analyzer.js'

/**
 * A FileInput over bytes held in memory, for analyzer tests: the same shape the inventory engine
 * hands a parse for one file of a layer.
 */
export function fileFromBytes(path: string, content: Uint8Array | string): FileInput {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)
  return { path, size: buf.length, mode: 0o100644, read: () => Promise.resolve(buf) }
}

/** A FileInput for `rel` under a testdata root that mirrors image paths. */
export async function fileFromTestdata(root: string, rel: string): Promise<FileInput> {
  return fileFromBytes(rel, await readFile(join(root, rel)))
}

/** The facts a language-analyzer test asserts, one line per package. */
export interface PackageFacts {
  readonly name: string
  readonly namespace?: string
  readonly version: string
  readonly purl: string
  readonly licenses: readonly string[]
  readonly dev?: boolean
}

/** Reduces drafts to the asserted facts, sorted by purl so tests do not depend on file order. */
export function toFacts(pkgs: readonly PackageDraft[]): PackageFacts[] {
  return pkgs
    .map((p) => ({
      name: p.name,
      ...(p.namespace ? { namespace: p.namespace } : {}),
      version: p.version,
      purl: p.purl,
      licenses: p.licenses,
      ...(p.dev === undefined ? {} : { dev: p.dev }),
    }))
    .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0))
}
