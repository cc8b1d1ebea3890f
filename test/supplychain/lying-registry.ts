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
  stop(): Promise<void>
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts)
}

/** Starts the front for `upstream` (`http://127.0.0.1:PORT`). */
export async function startLyingRegistry(upstream: string): Promise<LyingRegistry> {
  const lies = new Map<string, Lie>()
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const lie = lies.get(path)
      if (lie) {
        res.writeHead(lie.status ?? 200, { ...lie.headers, 'content-length': String(lie.body.length) })
        res.end(req.method === 'HEAD' ? undefined : lie.body)
        return
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await bodyOf(req)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v
      const up = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}), redirect: 'manual' })
      const out: Record<string, string> = {}
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
  return { host: `127.0.0.1:${port}`, lies, stop: () => new Promise((r) => server.close(() => r())) }
}
