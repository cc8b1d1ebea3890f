import type { FastifyInstance } from 'fastify'
import { parseAttachmentTag, type Logger } from '../core/index.js'
import type { Store } from '../store/index.js'
import type { SignatureService } from './signature-service.js'

/** What a registry write may have changed the signature state of. */
export type SignatureEvent =
  /** A version's own digest (an image push, a GPG signature PUT, a `.sig`/`.att` tag). */
  | { readonly repository: string; readonly digest: string }
  /** A pushed manifest that may be a referrer: its subject (if any) is the version to refresh. */
  | { readonly repository: string; readonly pushed: string }


/**
 * Maps a finished request of the built-in registry to the version whose signatures it touched:
 * `PUT|DELETE /v2/<name>/manifests/<ref>` and `PUT /extensions/v2/<name>/signatures/<digest>`.
 * Anything else (reads, blobs, failures) is undefined.
 */
export function signatureEventOf(method: string, url: string, status: number, contentDigest: string | undefined): SignatureEvent | undefined {
  if (status >= 300 || (method !== 'PUT' && method !== 'DELETE')) return undefined
  const path = url.split('?')[0] ?? ''
  const sig = /^\/extensions\/v2\/(.+)\/signatures\/(sha256:[0-9a-f]{64})$/.exec(path)
  if (sig?.[1] && sig[2] && method === 'PUT') return { repository: decodeURIComponent(sig[1]), digest: sig[2] }
  const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path)
  if (!m?.[1] || !m[2]) return undefined
  const repository = m[1]
  const ref = decodeURIComponent(m[2])
  const attached = parseAttachmentTag(ref)
  if (attached && attached.kind !== 'sbom') return { repository, digest: attached.digest }
  if (method !== 'PUT') return undefined
  const pushed = contentDigest ?? (ref.startsWith('sha256:') ? ref : undefined)
  return pushed ? { repository, pushed } : undefined
}

/** Refreshes signature states after registry writes (an onResponse hook on the server's app). */
export function registerSignatureHook(app: FastifyInstance, deps: { store: Store; signatures: SignatureService; log: Logger }): void {
  app.addHook('onResponse', (request, reply, done) => {
    const digestHeader = reply.getHeader('docker-content-digest')
    const e = signatureEventOf(request.method, request.url, reply.statusCode, typeof digestHeader === 'string' ? digestHeader : undefined)
    if (e) {
      void route(deps, e).catch((err: unknown) => deps.log.error({ err, ...e }, 'signature refresh not queued'))
    }
    done()
  })
}

async function route(deps: { store: Store; signatures: SignatureService }, e: SignatureEvent): Promise<void> {
  if ('digest' in e) return deps.signatures.refresh({ source: 'registry', repository: e.repository, digest: e.digest })
  const subject = await deps.store.keys.subjectOf(e.repository, e.pushed)
  await deps.signatures.refresh({ source: 'registry', repository: e.repository, digest: subject ?? e.pushed })
}
