import { UserError, isDigest } from '../core/index.js'

/** A Docker-style registry reference, normalized with Docker's defaults. */
export interface RegistryReference {
  readonly transport: 'registry'
  /** Registry host as written (`docker.io` for Docker Hub), with port when given. */
  readonly registry: string
  /** Repository path inside the registry (`library/debian`). */
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
}

/** A parsed image reference, one variant per transport (as skopeo writes them). */
export type ImageReference =
  | RegistryReference
  | { readonly transport: 'oci'; readonly path: string; readonly tag?: string }
  | { readonly transport: 'oci-archive'; readonly path: string; readonly tag?: string }
  | {
      readonly transport: 'docker-archive'
      readonly path: string
      /** `name:tag` to pick from a multi-image archive. */
      readonly name?: string
      /** `@N` source index to pick from a multi-image archive. */
      readonly sourceIndex?: number
    }
  | { readonly transport: 'rootfs'; readonly path: string }

// ref: https://github.com/distribution/reference/blob/main/regexp.go
const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/
const TAG_RE = /^[\w][\w.-]{0,127}$/

/** Docker Hub's canonical name and the host its API really lives on. */
export const DOCKER_HUB = 'docker.io'
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io'

function invalid(text: string, why: string): UserError {
  return new UserError('IMAGE_REF_INVALID', `invalid image reference "${text}": ${why}`)
}

function splitDomain(name: string): { registry: string; path: string } {
  const slash = name.indexOf('/')
  const first = slash < 0 ? '' : name.slice(0, slash)
  const isDomain =
    first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')
  if (!isDomain) return { registry: DOCKER_HUB, path: name }
  let registry = first
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API_HOST) registry = DOCKER_HUB
  return { registry, path: name.slice(slash + 1) }
}

/**
 * Parses a Docker reference (`[HOST[:PORT]/]REPO[:TAG][@DIGEST]`) with Docker's defaults:
 * docker.io, `library/` for one-component Hub names, tag `latest` when neither tag nor digest.
 */
export function parseRegistryReference(text: string, original = text): RegistryReference {
  if (text === '') throw invalid(original, 'empty reference')
  let rest = text
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!isDigest(digest)) throw invalid(original, `bad digest "${digest}"`)
  }
  let tag: string | undefined
  const lastColon = rest.lastIndexOf(':')
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1)
    rest = rest.slice(0, lastColon)
    if (!TAG_RE.test(tag)) throw invalid(original, `bad tag "${tag}"`)
  }
  const { registry, path } = splitDomain(rest)
  if (!DOMAIN_RE.test(registry)) throw invalid(original, `bad registry host "${registry}"`)
  const components = path.split('/')
  for (const c of components) {
    if (!COMPONENT_RE.test(c)) throw invalid(original, `bad repository component "${c}"`)
  }
  const repository = registry === DOCKER_HUB && components.length === 1 ? `library/${path}` : path
  if (registry.length + repository.length + 1 > 255) throw invalid(original, 'name too long')
  if (tag === undefined && digest === undefined) tag = 'latest'
  return {
    transport: 'registry',
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  }
}

function splitPath(rest: string): [string, string | undefined] {
  // skopeo splits at the FIRST colon (containers/image internal.SplitPathAndImage).
  const i = rest.indexOf(':')
  return i < 0 ? [rest, undefined] : [rest.slice(0, i), rest.slice(i + 1)]
}

function requirePath(text: string, path: string): string {
  if (path === '') throw invalid(text, 'missing path')
  return path
}

function parseDockerArchive(text: string, rest: string): ImageReference {
  const [path, sel] = splitPath(rest)
  requirePath(text, path)
  if (sel === undefined || sel === '') return { transport: 'docker-archive', path }
  if (sel.startsWith('@')) {
    const n = Number(sel.slice(1))
    if (!Number.isInteger(n) || n < 0 || sel.length < 2) throw invalid(text, 'bad source index')
    return { transport: 'docker-archive', path, sourceIndex: n }
  }
  if (sel.includes('@')) throw invalid(text, 'a docker-archive name cannot carry a digest')
  const ref = parseRegistryReference(sel, text)
  return { transport: 'docker-archive', path, name: `${ref.registry}/${ref.repository}:${ref.tag}` }
}

/**
 * Parses an image reference as skopeo writes it: `docker-archive:PATH[:NAME:TAG|:@N]`,
 * `oci:DIR[:TAG]`, `oci-archive:PATH[:TAG]`, `rootfs:PATH`, `docker://REF`, or a bare Docker
 * reference. Throws UserError IMAGE_REF_INVALID.
 * @example parseImageReference('debian:12') // { transport: 'registry', registry: 'docker.io', repository: 'library/debian', tag: '12' }
 */
export function parseImageReference(text: string): ImageReference {
  if (text.startsWith('docker://')) return parseRegistryReference(text.slice(9), text)
  const colon = text.indexOf(':')
  const scheme = colon < 0 ? '' : text.slice(0, colon)
  const rest = text.slice(colon + 1)
  switch (scheme) {
    case 'docker-archive':
      return parseDockerArchive(text, rest)
    case 'oci':
    case 'oci-archive': {
      const [path, tag] = splitPath(rest)
      requirePath(text, path)
      return tag === undefined || tag === ''
        ? { transport: scheme, path }
        : { transport: scheme, path, tag }
    }
    case 'rootfs':
      return { transport: 'rootfs', path: requirePath(text, rest) }
    default:
      return parseRegistryReference(text)
  }
}

/** The canonical text of a registry reference (`host/repo:tag@digest`). */
export function formatRegistryReference(ref: RegistryReference): string {
  const base = `${ref.registry}/${ref.repository}`
  return `${base}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`
}
