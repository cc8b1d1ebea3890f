import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { appendBody } from './upload-writer.js'

const dir = mkdtempSync(join(tmpdir(), 'bulwark-upload-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `total` random bytes as a stream of 64 KiB chunks (what a socket delivers). */
function chunks(total: number): { data: Buffer; body: Readable } {
  const data = randomBytes(total)
  const parts: Buffer[] = []
  for (let i = 0; i < total; i += 65536) parts.push(data.subarray(i, i + 65536))
  return { data, body: Readable.from(parts) }
}

describe('appendBody', () => {
  it('appends every byte in order across many batches and background syncs, seeing each chunk once', async () => {
    const file = join(dir, 'big')
    const before = Buffer.from('already here:')
    const fh0 = await open(file, 'w')
    await fh0.write(before)
    await fh0.close()
    const { data, body } = chunks(21 * 1024 * 1024 + 12345) // > 10 batches, > 2 sync intervals
    const hash = createHash('sha256')
    let seen = 0

    const fh = await open(file, 'a')
    await appendBody(fh, body, (c) => {
      seen += c.length
      hash.update(c)
    })
    await fh.close()

    const written = readFileSync(file)
    expect(written.subarray(0, before.length)).toEqual(before)
    expect(written.subarray(before.length).equals(data)).toBe(true)
    expect(seen).toBe(data.length)
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'))
  })

  it('stops when onChunk throws and rejects with that error', async () => {
    const file = join(dir, 'limited')
    const { body } = chunks(5 * 1024 * 1024)
    let seen = 0
    const fh = await open(file, 'a')
    const copy = appendBody(fh, body, (c) => {
      seen += c.length
      if (seen > 3 * 1024 * 1024) throw new Error('too big')
    })

    await expect(copy).rejects.toThrow('too big')
    await fh.close()
    expect(readFileSync(file).length).toBeLessThanOrEqual(3 * 1024 * 1024)
    expect(body.destroyed).toBe(true)
  })

  it('rejects when the body errors mid-way, after the writes in flight settle', async () => {
    const file = join(dir, 'aborted')
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(3 * 1024 * 1024)
      throw new Error('client went away')
    }
    const fh = await open(file, 'a')

    await expect(appendBody(fh, Readable.from(broken()), () => undefined)).rejects.toThrow('client went away')
    await expect(fh.close()).resolves.toBeUndefined()
  })
})
