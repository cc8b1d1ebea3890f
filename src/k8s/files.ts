import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { UserError } from '../core/index.js'
import { parseManifests } from './load.js'
import type { K8sObject, LoadError, LoadResult } from './object.js'

const MANIFEST_EXT = /\.(ya?ml|json)$/i

/** True for a file Bulwark audits as a Dockerfile rather than a manifest. */
export function isDockerfileName(path: string): boolean {
  const b = basename(path)
  return b === 'Dockerfile' || b === 'Containerfile' || b.endsWith('.Dockerfile') || b.endsWith('.Containerfile')
}

/** The files under the given paths: manifests (.yaml, .yml, .json) and Dockerfiles, sorted. */
export async function collectInputFiles(paths: readonly string[]): Promise<{ manifests: string[]; dockerfiles: string[] }> {
  const manifests: string[] = []
  const dockerfiles: string[] = []
  const walk = async (p: string, top: boolean): Promise<void> => {
    let st
    try {
      st = await stat(p)
    } catch (err) {
      throw new UserError('NOT_FOUND', `${p}: no such file or directory`, { cause: err })
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).sort()
      for (const n of names) if (!n.startsWith('.')) await walk(join(p, n), false)
      return
    }
    if (isDockerfileName(p)) dockerfiles.push(p)
    else if (top || MANIFEST_EXT.test(p)) manifests.push(p)
  }
  for (const p of paths) if (p !== '-') await walk(p, true)
  return { manifests, dockerfiles }
}

/** Reads and parses manifest files; unreadable or invalid files become errors, never exceptions. */
export async function loadManifestFiles(files: readonly string[], stdin?: string): Promise<LoadResult> {
  const objects: K8sObject[] = []
  const errors: LoadError[] = []
  const unknowns: { path: string; reason: string }[] = []
  const add = (r: LoadResult): void => {
    objects.push(...r.objects)
    errors.push(...r.errors)
    unknowns.push(...r.unknowns)
  }
  if (stdin !== undefined) add(parseManifests(stdin, '<stdin>'))
  for (const f of files) {
    let text: string
    try {
      text = await readFile(f, 'utf8')
    } catch (err) {
      errors.push({ file: f, message: (err as Error).message })
      continue
    }
    add(parseManifests(text, f))
  }
  return { objects, errors, unknowns }
}
