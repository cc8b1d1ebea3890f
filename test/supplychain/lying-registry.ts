/**
 * A node:http registry front on 127.0.0.1 that forwards to a real registry and lies on purpose
 * for chosen paths (serves other bytes or headers), or answers the OCI referrers API the
 * Distribution 2.8 registry lacks.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** An overridden answer for one path. */
export interface Lie {
  readonly status?: number
  readonly body: Buffer
  readonly headers: Readonly<Record<string, string>>
}

/** A running lying front. */
export interface LyingRegistry {
  readonly host: string
  /** Path (e.g. `/v2/team/app/manifests/v1`) -> lie; edit between requests. */
  readonly lies: Map<string, Lie>
  /** Signatures stored through the signature extension API, by `repo@digest`. */
  readonly signatures: Map<string, { schemaVersion: number; type: string; name: string; content: string }[]>
  stop(): Promise<void>
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts)
}

// ref: https://github.com/containers/image/blob/main/docs/signature-protocols.md
const EXTENSION = /^\/extensions\/v2\/(.+)\/signatures\/(sha256:[a-f0-9]{64})$/

/**
 * Starts the front for `upstream` (`http://127.0.0.1:PORT`). With `signatures`, it advertises
 * `X-Registry-Supports-Signatures: 1` and serves the signature extension API from memory.
 */
export async function startLyingRegistry(upstream: string, o: { signatures?: boolean } = {}): Promise<LyingRegistry> {
  const lies = new Map<string, Lie>()
  const signatures: LyingRegistry['signatures'] = new Map()
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const ext = o.signatures ? EXTENSION.exec(path) : null
      if (ext) {
        const key = `${ext[1]}@${ext[2]}`
        if (req.method === 'PUT') {
          // containers/image PUTs one signature object per request.
          const sig = JSON.parse((await bodyOf(req)).toString('utf8')) as { schemaVersion: number; type: string; name: string; content: string }
          signatures.set(key, [...(signatures.get(key) ?? []), sig])
          res.writeHead(201).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ signatures: signatures.get(key) ?? [] }))
        return
      }
      const lie = lies.get(path)
      if (lie) {
        res.writeHead(lie.status ?? 200, { ...lie.headers, 'content-length': String(lie.body.length) })
        res.end(req.method === 'HEAD' ? undefined : lie.body)
        return
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await bodyOf(req)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v
      const up = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}), redirect: 'manual' })
      const out: Record<string, string> = o.signatures && path === '/v2/' ? { 'x-registry-supports-signatures': '1' } : {}
      up.headers.forEach((v, k) => {
        if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = k === 'location' ? v.replace(upstream, '') : v
      })
      const bytes = Buffer.from(await up.arrayBuffer())
      res.writeHead(up.status, out)
      res.end(req.method === 'HEAD' ? undefined : bytes)
    })().catch((err: unknown) => {
      res.writeHead(502).end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { host: `127.0.0.1:${port}`, lies, signatures, stop: () => new Promise((r) => server.close(() => r())) }
}
