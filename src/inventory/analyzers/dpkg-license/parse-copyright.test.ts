import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCopyright } from './parse-copyright.js'

const testdata = join(import.meta.dirname, 'testdata')
const read = (p: string) => readFileSync(join(testdata, p), 'utf8')

describe('parseCopyright', () => {
  it.each([
    {
      name: 'machine-readable: Files and header License fields, first occurrence order',
      path: 'usr/share/doc/bash/copyright',
      want: ['GPL-3+', 'GPL-3+ with Bison exception', 'GPL-2+', 'GFDL-NIV-1.3', 'Latex2e', 'BSD-4-clause-UC and MIT-like', 'permissive'],
    },
    { name: 'machine-readable zlib', path: 'usr/share/doc/zlib1g/copyright', want: ['Zlib'] },
  ])('$name', ({ path, want }) => {
    const r = parseCopyright(path, read(path))

    expect(r.licenses).toEqual([{ type: 'deb', name: path.split('/')[3], licenses: want }])
  })

  it('falls back to /usr/share/common-licenses references in free-form files', () => {
    const r = parseCopyright('usr/share/doc/libc6/copyright', read('usr/share/doc/libc6/copyright'))

    expect(r.licenses?.[0]?.licenses).toEqual(expect.arrayContaining(['LGPL-2.1']))
  })

  it.each([
    { name: 'not a copyright path', path: 'usr/share/doc/bash/README', text: 'License: MIT' },
    { name: 'nothing declared', path: 'usr/share/doc/x/copyright', text: 'Copyright 2020 someone\n' },
    { name: 'binary garbage', path: 'usr/share/doc/x/copyright', text: '\u0000\u0001\u00ff'.repeat(100) },
  ])('$name gives nothing', ({ path, text }) => {
    expect(parseCopyright(path, text)).toEqual({ packages: [], unknowns: [] })
  })
})
