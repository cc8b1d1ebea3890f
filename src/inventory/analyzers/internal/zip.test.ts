import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listZip, readZipEntry } from './zip.js'
import { writeZip } from '../../../../test/zip.js'

const LOG4J = join(import.meta.dirname, '../java/testdata/log4j-1.2-1.2.17.jar')

describe('zip reader', () => {
  it('lists and reads a real jar (Debian liblog4j1.2-java 1.2.17-11)', () => {
    const buf = readFileSync(LOG4J)

    const entries = listZip(buf)
    const manifest = entries.find((e) => e.name === 'META-INF/MANIFEST.MF')

    expect(entries).toHaveLength(349)
    expect(manifest).toMatchObject({ method: 8, size: 2557 })
    const text = readZipEntry(buf, manifest!, 1 << 20).toString('utf8')
    expect(text.startsWith('Manifest-Version: 1.0\r\n')).toBe(true)
    expect(text).toHaveLength(2557)
  })

  it.each([
    { name: 'stored', method: 0 as const },
    { name: 'deflated', method: 8 as const },
  ])('round-trips a $name entry, also behind a prepended launcher script', ({ method }) => {
    const data = Buffer.from('hello zip\n'.repeat(50))
    const zip = writeZip(
      [{ name: 'a/b.txt', data, method }],
      Buffer.from('#!/bin/sh\nexec java -jar "$0"\n'),
    )

    const [entry] = listZip(zip)

    expect(entry?.name).toBe('a/b.txt')
    expect(readZipEntry(zip, entry!, 1024)).toEqual(data)
  })

  it.each([
    {
      name: 'empty file',
      buf: Buffer.alloc(0),
      code: 'ZIP_INVALID',
      message: 'too short to be a zip file',
    },
    {
      name: 'random bytes',
      buf: Buffer.alloc(4096, 7),
      code: 'ZIP_INVALID',
      message: 'no end of central directory record (not a zip file)',
    },
    {
      name: 'directory offset past the end',
      buf: (() => {
        const z = writeZip([{ name: 'x', data: Buffer.from('x') }])
        z.writeUInt32LE(0x7fffffff, z.length - 6)
        return z
      })(),
      code: 'ZIP_INVALID',
      message: 'central directory lies outside the file',
    },
    {
      name: 'entry count larger than the directory',
      buf: (() => {
        const z = writeZip([{ name: 'x', data: Buffer.from('x') }])
        z.writeUInt16LE(2, z.length - 12)
        return z
      })(),
      code: 'ZIP_INVALID',
      message: 'central directory entry 1 is damaged',
    },
  ])('rejects $name', ({ buf, code, message }) => {
    expect(() => listZip(buf)).toThrow(expect.objectContaining({ name: 'ZipError', code, message }))
  })

  it.each([
    {
      name: 'a bomb (16 MiB of zeros in a few KiB)',
      zip: writeZip([{ name: 'bomb.bin', data: Buffer.alloc(16 << 20) }]),
      code: 'ZIP_LIMIT',
      message: 'bomb.bin: declares 16777216 bytes, over the 1048576-byte limit',
    },
    {
      name: 'a bomb that declares a small size',
      zip: writeZip([{ name: 'liar.bin', data: Buffer.alloc(16 << 20), declaredSize: 10 }]),
      code: 'ZIP_LIMIT',
      message: 'liar.bin: inflates past the 1048576-byte limit',
    },
    {
      name: 'an unknown compression method',
      zip: (() => {
        const z = writeZip([{ name: 'm', data: Buffer.from('abc'), method: 0 }])
        const cd = z.length - 22 - 47
        z.writeUInt16LE(14, cd + 10)
        return z
      })(),
      code: 'ZIP_UNSUPPORTED',
      message: 'm: compression method 14',
    },
    {
      name: 'bad deflate data',
      zip: (() => {
        const z = writeZip([{ name: 'd', data: Buffer.from('some text to deflate') }])
        z.fill(0xff, 31, 40)
        return z
      })(),
      code: 'ZIP_INVALID',
      message: 'd: bad deflate data',
    },
  ])('refuses to read $name', ({ zip, code, message }) => {
    const [entry] = listZip(zip)

    expect(() => readZipEntry(zip, entry!, 1 << 20)).toThrow(
      expect.objectContaining({ name: 'ZipError', code, message }),
    )
  })

  it('never throws anything but ZipError on random corruption of a real jar', () => {
    const base = readFileSync(LOG4J)
    let seed = 11
    for (let i = 0; i < 200; i++) {
      const buf = Buffer.from(base)
      for (let j = 0; j < 6; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0
        // Hit the central directory and end record, where the offsets are.
        buf[buf.length - 1 - (seed % 24_000)] = seed >>> 24
      }
      try {
        for (const e of listZip(buf).filter((x) => x.name.startsWith('META-INF/')))
          readZipEntry(buf, e, 1 << 20)
      } catch (err) {
        expect(err).toMatchObject({ name: 'ZipError' })
      }
    }
  })
})
