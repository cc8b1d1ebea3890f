import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { indexTar, readTarMember } from './tar-index.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-tar-index-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const LONG = `${'a'.repeat(90)}/${'b'.repeat(90)}/file.txt`

function makeTree(): string {
  const src = join(root, 'src')
  mkdirSync(join(src, 'a'.repeat(90), 'b'.repeat(90)), { recursive: true })
  writeFileSync(join(src, LONG), 'long name body')
  mkdirSync(join(src, 'blobs'), { recursive: true })
  writeFileSync(join(src, 'blobs', 'data'), 'x'.repeat(1000))
  mkdirSync(join(src, 'dup'), { recursive: true })
  symlinkSync('../blobs/data', join(src, 'dup', 'layer.tar'))
  return src
}

describe('indexTar', () => {
  const src = makeTree()

  it.each(['gnu', 'pax', 'ustar'])(
    'GNU tar --format=%s: long names, symlinked members, bodies by offset',
    async (format) => {
      const file = join(root, `${format}.tar`)
      const files =
        format === 'ustar' ? ['blobs', 'dup'] : [LONG.split('/')[0] ?? '', 'blobs', 'dup']
      execFileSync('tar', [`--format=${format}`, '-cf', file, '-C', src, ...files])

      const members = await indexTar(file, 'test')

      if (format !== 'ustar')
        expect(
          await readTarMember(
            file,
            members.get(LONG) ?? { offset: 0, size: -1 },
            1000,
            'test',
            'm',
          ),
        ).toEqual(Buffer.from('long name body'))
      expect(members.get('dup/layer.tar')).toEqual(members.get('blobs/data'))
      expect(
        (
          await readTarMember(
            file,
            members.get('blobs/data') ?? { offset: 0, size: 0 },
            1000,
            'test',
            'm',
          )
        ).toString(),
      ).toBe('x'.repeat(1000))
    },
  )

  it('refuses to read a member over the limit', async () => {
    const file = join(root, 'gnu.tar')
    const members = await indexTar(file, 'test')

    await expect(
      readTarMember(file, members.get('blobs/data') ?? { offset: 0, size: 0 }, 10, 'img', 'config'),
    ).rejects.toMatchObject({ code: 'SIZE_LIMIT' })
  })

  it('a file that is not a tar is MANIFEST_INVALID', async () => {
    const file = join(root, 'text.tar')
    writeFileSync(file, 'hello, this is not a tar archive\n'.repeat(100))

    await expect(indexTar(file, 'img')).rejects.toMatchObject({
      name: 'ImageError',
      code: 'MANIFEST_INVALID',
      message: expect.stringContaining('checksum'),
    })
  })

  it('an all-zero file indexes to nothing', async () => {
    const file = join(root, 'junk.tar')
    writeFileSync(file, Buffer.alloc(4096, 0))

    expect((await indexTar(file, 'test')).size).toBe(0)
  })
})
