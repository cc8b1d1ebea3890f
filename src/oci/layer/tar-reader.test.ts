import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { TarReader, type TarEntryHeader, type TarVisitor } from './tar-reader.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-tar-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex')

/** Builds a tree with GNU tar in the given format and returns the archive bytes. */
function gnuTar(format: string, files: Record<string, Buffer | { symlink: string }>): Buffer {
  const dir = mkdtempSync(join(root, 'src-'))
  for (const [path, v] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    if (Buffer.isBuffer(v)) writeFileSync(join(dir, path), v)
    else symlinkSync(v.symlink, join(dir, path))
  }
  return execFileSync('tar', [`--format=${format}`, '--sort=name', '--owner=1234', '--group=5678', '-C', dir, '-cf', '-', '.'], {
    maxBuffer: 64 * 1024 * 1024,
  })
}

/** Streams `tar` in chunks of `size` bytes through a TarReader. */
async function read(tar: Buffer, size: number, visit: TarVisitor): Promise<void> {
  const chunks: Buffer[] = []
  for (let i = 0; i < tar.length; i += size) chunks.push(tar.subarray(i, i + size))
  await pipeline(Readable.from(chunks), new TarReader(visit))
}

async function listing(tar: Buffer, size: number, readAll = true): Promise<Map<string, TarEntryHeader & { md5?: string }>> {
  const out = new Map<string, TarEntryHeader & { md5?: string }>()
  await read(tar, size, async (h, body) => {
    out.set(h.name, readAll && h.type === 'file' ? { ...h, md5: md5(await body()) } : h)
  })
  return out
}

const longDir = `${'d'.repeat(90)}/${'e'.repeat(90)}`
const files = {
  'small.txt': Buffer.from('hello\n'),
  'exact.bin': randomBytes(1024),
  'big.bin': randomBytes(3 * 1024 * 1024 + 17),
  [`${longDir}/${'f'.repeat(120)}.txt`]: Buffer.from('long path\n'),
  'sub/link': { symlink: `../${'t'.repeat(150)}` },
  'sub/ünïcödé.txt': Buffer.from('utf8 name\n'),
}

describe('TarReader on archives written by GNU tar', () => {
  it.each(['pax', 'gnu', 'ustar', 'v7'])('%s: names, links, owners and bodies over every chunking', async (format) => {
    const input = format === 'ustar' || format === 'v7'
      ? Object.fromEntries(Object.entries(files).filter(([p, v]) => p.length < 100 && (Buffer.isBuffer(v) || v.symlink.length < 100)))
      : files
    const tar = gnuTar(format, input)
    for (const size of [7, 511, 512, 4096, 1024 * 1024]) {
      if (size === 7 && format !== 'pax') continue // tiny chunks once is enough (slow)
      const got = await listing(tar, size)
      for (const [path, v] of Object.entries(input)) {
        const e = got.get(`./${path}`)
        expect(e, `${format}/${size}: ${path}`).toBeDefined()
        if (Buffer.isBuffer(v)) {
          expect(e?.md5).toBe(md5(v))
          expect(e?.size).toBe(v.length)
          expect(e?.type).toBe('file')
        } else {
          expect(e?.type).toBe('symlink')
          expect(e?.linkname).toBe(v.symlink)
        }
        expect([e?.uid, e?.gid]).toEqual([1234, 5678])
      }
      if (format !== 'v7') expect(got.get('./sub/')?.type ?? got.get('./sub')?.type).toBe('directory')
    }
  })

  it('skips bodies nobody reads and hands out bodies read later by an async visitor', async () => {
    const tar = gnuTar('pax', files)
    const seen: string[] = []
    await read(tar, 700, async (h, body) => {
      await new Promise((r) => setTimeout(r, 1))
      if (h.name === './big.bin') seen.push(md5(await body()))
    })
    expect(seen).toEqual([md5(files['big.bin'] as Buffer)])
  })

  it('keeps collecting a body the visitor asked for but did not wait on', async () => {
    const tar = gnuTar('gnu', { 'a.bin': randomBytes(200_000), 'b.txt': Buffer.from('b') })
    let later: Promise<Buffer> | undefined
    const names: string[] = []
    await read(tar, 3000, (h, body) => {
      names.push(h.name)
      if (h.name === './a.bin') later = body()
    })
    expect(names).toEqual(['./', './a.bin', './b.txt'])
    expect((await later)?.length).toBe(200_000)
  })
})

describe('TarReader on damaged archives', () => {
  const tar = gnuTar('pax', { 'a.txt': Buffer.from('a'.repeat(3000)), 'b.txt': Buffer.from('b') })

  it('refuses a header whose checksum is wrong', async () => {
    const bad = Buffer.from(tar)
    bad[0] = (bad[0] ?? 0) ^ 0xff
    await expect(listing(bad, 4096)).rejects.toThrow(/invalid tar header checksum/)
  })

  it('refuses an archive cut inside a body or a header', async () => {
    await expect(listing(tar.subarray(0, 2048), 4096)).rejects.toThrow(/unexpected end of tar data/)
    await expect(listing(tar.subarray(0, 1024 + 100), 4096)).rejects.toThrow(/unexpected end of tar data/)
  })

  it('stops at the end-of-archive block: what follows is not read as entries', async () => {
    const hidden = gnuTar('pax', { 'hidden.txt': Buffer.from('x') })
    const got = await listing(Buffer.concat([tar, hidden]), 4096)
    expect([...got.keys()].some((k) => k.includes('hidden'))).toBe(false)
    expect(got.has('./b.txt')).toBe(true)
  })

  it('reads header-only types with a size field as having no body (as Go archive/tar does)', async () => {
    const dir = Buffer.from(gnuTar('ustar', { 'x/y.txt': Buffer.from('y') }))
    // Find the "./x/" directory header and give it a size of 512: the next header must still be found.
    const at = dir.indexOf('./x/\0')
    const size = Buffer.from('00000001000\0')
    size.copy(dir, at + 124)
    let sum = 0
    for (let i = at; i < at + 512; i++) sum += i >= at + 148 && i < at + 156 ? 32 : (dir[i] ?? 0)
    Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `).copy(dir, at + 148)
    const got = await listing(dir, 4096)
    expect(got.get('./x/y.txt')?.md5).toBe(md5(Buffer.from('y')))
  })

  it('fails with the visitor error when the visitor rejects', async () => {
    const r = new TarReader(() => Promise.reject(new Error('visitor broke')))
    await expect(pipeline(Readable.from([tar]), r)).rejects.toThrow(/visitor broke/)
    expect((r.visitorError as Error).message).toBe('visitor broke')
  })
})
