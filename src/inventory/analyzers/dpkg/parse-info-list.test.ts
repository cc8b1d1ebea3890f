import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bufferFile, fixtureFile } from '../internal/os-fixture.js'
import { dpkgAnalyzer } from './index.js'

const ROOT = join(import.meta.dirname, 'testdata', 'dpkg-made')

describe('dpkg info/*.list', () => {
  it.each([
    { list: 'bc.list', name: 'bc', arch: undefined, count: 28, has: 'usr/bin/bc' },
    { list: 'hello.list', name: 'hello', arch: undefined, count: 142, has: 'usr/bin/hello' },
    {
      list: 'libgmp10:amd64.list',
      name: 'libgmp10',
      arch: 'amd64',
      count: 12,
      has: 'usr/lib/x86_64-linux-gnu/libgmp.so.10',
    },
    { list: 'netbase.list', name: 'netbase', arch: undefined, count: 5, has: 'etc/services' },
  ])('$list -> ownership of $name', async ({ list, name, arch, count, has }) => {
    const path = `var/lib/dpkg/info/${list}`
    const lines = (await readFile(join(ROOT, path), 'utf8'))
      .split('\n')
      .filter((l) => l !== '' && l !== '/.')

    const result = await dpkgAnalyzer.parse(await fixtureFile(ROOT, path))
    const owner = result.ownership?.[0]

    expect(dpkgAnalyzer.match(path)).toBe(true)
    expect(result.unknowns).toEqual([])
    expect([owner?.type, owner?.name, owner?.arch]).toEqual(['deb', name, arch])
    expect(owner?.files).toHaveLength(lines.length)
    expect(owner?.files).toHaveLength(count)
    expect(owner?.files).toContain(has)
    expect(owner?.files.some((f) => f.startsWith('/'))).toBe(false)
  })

  it.each([
    {
      name: 'binary data',
      path: 'var/lib/dpkg/info/x.list',
      data: Buffer.from([0x2f, 0x00, 0x62]),
    },
    { name: 'bad file name', path: 'var/lib/dpkg/info/:bad.list', data: '/usr\n' },
  ])('hostile: $name -> unknown', async ({ path, data }) => {
    const result = await dpkgAnalyzer.parse(bufferFile(path, data))

    expect(result.ownership).toBeUndefined()
    expect(result.unknowns).toHaveLength(1)
  })

  it('drops paths that climb out of the root', async () => {
    const text = '/.\n/usr\n/usr/../../etc/shadow\n/..\n/usr/bin/x\n'

    const result = await dpkgAnalyzer.parse(bufferFile('var/lib/dpkg/info/x.list', text))

    expect(result.ownership?.[0]?.files).toEqual(['usr', 'usr/bin/x'])
  })

  it('matches only list files directly under info/', () => {
    expect(dpkgAnalyzer.match('var/lib/dpkg/info/bc.md5sums')).toBe(false)
    expect(dpkgAnalyzer.match('var/lib/dpkg/info/sub/bc.list')).toBe(false)
    expect(dpkgAnalyzer.match('usr/var/lib/dpkg/info/bc.list')).toBe(false)
  })
})
