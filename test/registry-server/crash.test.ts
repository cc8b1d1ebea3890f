import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectGarbage } from '../../src/registry/index.js'
import { basicAuth, startTestRegistry } from './harness.js'
import { call, sha256 } from './http.js'

const HERE = import.meta.dirname

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'child-server.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) resolve({ child, url: out.trim() })
    })
    child.on('exit', (code) => reject(new Error(`child exited ${code}`)))
  })
}

/** Starts a PATCH declaring `total` bytes, sends `sent` of them, then calls `interrupt`. */
function partialPatch(url: string, total: number, sent: Buffer, interrupt: (req: ReturnType<typeof httpRequest>) => void): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'PATCH', headers: { authorization: basicAuth('developer'), 'content-length': String(total) } })
    req.on('error', () => resolve()) // the connection dies: that is the point
    req.write(sent, () => setTimeout(() => {
      interrupt(req)
      setTimeout(resolve, 300)
    }, 300))
  })
}

function blobFiles(dir: string): string[] {
  const root = join(dir, 'blobs', 'sha256')
  if (!existsSync(root)) return []
  return readdirSync(root).flatMap((p) => readdirSync(join(root, p)))
}

describe('crash safety', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('kill -9 during a PATCH leaves no blob visible; the push can be retried after restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-reg-crash-'))
    dirs.push(dir)
    const data = randomBytes(4 * 1024 * 1024)
    const digest = sha256(data)
    const first = await startChild(dir)
    const loc = (await call(first.url, 'POST', '/v2/crash/app/blobs/uploads/')).headers.location as string

    await partialPatch(`${first.url}${loc}`, data.length, data.subarray(0, 1024 * 1024), () => first.child.kill('SIGKILL'))
    const second = await startChild(dir)
    try {
      const head = await call(second.url, 'HEAD', `/v2/crash/app/blobs/${digest}`)
      const finishPartial = await call(second.url, 'PUT', `${loc}?digest=${digest}`)
      const retry = await call(second.url, 'POST', `/v2/crash/app/blobs/uploads/?digest=${digest}`, { body: data })
      const got = await call(second.url, 'HEAD', `/v2/crash/app/blobs/${digest}`)

      expect(head).toMatchObject({ status: 404 })
      expect(finishPartial).toMatchObject({ status: 400, code: 'DIGEST_INVALID' })
      expect(retry.status).toBe(201)
      expect(got.headers['content-length']).toBe(String(data.length))
      expect(blobFiles(dir)).toEqual([digest.slice(7)])
    } finally {
      second.child.kill('SIGKILL')
    }
  })

  it('a client that disconnects mid-upload leaves only an invisible upload, which GC removes', async () => {
    const reg = await startTestRegistry()
    try {
      const data = randomBytes(2 * 1024 * 1024)
      const loc = (await call(reg.url, 'POST', '/v2/abort/app/blobs/uploads/')).headers.location as string
      await partialPatch(`${reg.url}${loc}`, data.length, data.subarray(0, 512 * 1024), (req) => req.destroy())

      const head = await call(reg.url, 'HEAD', `/v2/abort/app/blobs/${sha256(data)}`)
      const gc = await collectGarbage(reg.store.registry, reg.blobs, { uploadMaxAgeMs: -1 })

      expect(head.status).toBe(404)
      expect(blobFiles(reg.dir)).toEqual([])
      expect(gc.uploadsRemoved).toBe(1)
      expect(readdirSync(join(reg.dir, 'blobs', '_uploads'))).toEqual([])
      expect((await call(reg.url, 'GET', loc)).code).toBe('BLOB_UPLOAD_UNKNOWN')
    } finally {
      await reg.stop()
    }
  })

  it('GC removes blobs nothing references or links and keeps the rest', async () => {
    const reg = await startTestRegistry()
    try {
      const keep = sha256('keep')
      const drop = sha256('drop')
      await call(reg.url, 'POST', `/v2/gc/app/blobs/uploads/?digest=${keep}`, { body: 'keep' })
      await call(reg.url, 'POST', `/v2/gc/app/blobs/uploads/?digest=${drop}`, { body: 'drop' })
      await call(reg.url, 'DELETE', `/v2/gc/app/blobs/${drop}`)

      const young = await collectGarbage(reg.store.registry, reg.blobs)
      const result = await collectGarbage(reg.store.registry, reg.blobs, { blobGraceMs: -1 })

      expect(young.blobsRemoved).toBe(0)
      expect(result).toMatchObject({ blobsRemoved: 1, bytesFreed: 4 })
      expect(await reg.blobs.size(keep)).toBe(4)
      expect(await reg.blobs.size(drop)).toBeUndefined()
    } finally {
      await reg.stop()
    }
  })
})
