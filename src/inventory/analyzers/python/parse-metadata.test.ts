import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { isPythonMetadataPath, python } from './index.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function pypi(name: string, version: string, licenses: string[], purlName = name.toLowerCase()) {
  return { name, version, purl: `pkg:pypi/${purlName}@${version}`, licenses }
}

describe('python metadata', () => {
  it('reads the real Debian bookworm dist-packages metadata (dist-info, egg-info dir and file)', async () => {
    const entries = await readdir(TESTDATA, { recursive: true, withFileTypes: true })
    const rels = entries
      .filter((e) => e.isFile())
      .map((e) => `${e.parentPath}/${e.name}`.slice(TESTDATA.length).replace(/^\/+/, ''))
      .filter(isPythonMetadataPath)
      .sort()

    const pkgs = []
    for (const rel of rels) {
      const res = await python.parse(await fileFromTestdata(TESTDATA, rel), ctx)
      expect(res.unknowns).toEqual([])
      pkgs.push(...res.packages)
    }

    expect(rels).toHaveLength(6)
    expect(toFacts(pkgs)).toEqual([
      pypi('Jinja2', '3.1.2', ['BSD-3-Clause']),
      pypi('python-apt', '2.6.0', ['GNU GPL']),
      pypi('python-debian', '0.1.49', ['GPL-2+']),
      pypi('PyYAML', '6.0', ['MIT']),
      pypi('requests', '2.28.1', ['Apache 2.0']),
      pypi('urllib3', '1.26.12', ['MIT']),
    ])
    expect(
      pkgs.every((p) => p.type === 'pypi' && p.foundBy === 'python' && p.dev === undefined),
    ).toBe(true)
    expect(pkgs.find((p) => p.name === 'python-debian')?.locations).toEqual([
      { path: 'usr/lib/python3/dist-packages/python_debian-0.1.49.egg-info' },
    ])
  })

  it.each([
    {
      name: 'License-Expression wins (metadata 2.4), underscore name normalized in purl',
      text: 'Metadata-Version: 2.4\nName: typing_extensions\nVersion: 4.12.2\nLicense-Expression: PSF-2.0\nLicense: PSF\n',
      want: [pypi('typing_extensions', '4.12.2', ['PSF-2.0'], 'typing-extensions')],
    },
    {
      name: 'UNKNOWN license falls back to classifiers',
      text: [
        'Metadata-Version: 1.2',
        'Name: Foo_Bar',
        'Version: 1.0.post1',
        'License: UNKNOWN',
        'Classifier: License :: OSI Approved :: BSD License',
        'Classifier: License :: OSI Approved',
        'Classifier: License :: Public Domain',
        'Classifier: Programming Language :: Python',
      ].join('\n'),
      want: [pypi('Foo_Bar', '1.0.post1', ['BSD License', 'Public Domain'], 'foo-bar')],
    },
    {
      name: 'a pasted license text is not a license name',
      text: [
        'Metadata-Version: 2.1',
        'Name: six',
        'Version: 1.16.0',
        'License: Copyright (c) 2010-2020 Benjamin Peterson',
        '        ',
        '        Permission is hereby granted, free of charge...',
        'Classifier: License :: OSI Approved :: MIT License',
        '',
        'Name: not-a-header',
      ].join('\n'),
      want: [pypi('six', '1.16.0', ['MIT License'])],
    },
    {
      name: 'CRLF line ends and Latin-1 bytes in the author are tolerated',
      text: Buffer.concat([
        Buffer.from('Metadata-Version: 1.0\r\nName: oldpkg\r\nVersion: 0.9\r\nAuthor: Fran'),
        Buffer.from([0xe7]),
        Buffer.from('ois\r\nLicense: LGPL\r\n\r\nbody'),
      ]),
      want: [pypi('oldpkg', '0.9', ['LGPL'])],
    },
    { name: 'no license at all', text: 'Name: bare\nVersion: 1\n', want: [pypi('bare', '1', [])] },
  ])('$name', async ({ text, want }) => {
    const res = await python.parse(
      fileFromBytes('venv/lib/python3.11/site-packages/x.dist-info/METADATA', text),
      ctx,
    )

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns).toEqual([])
  })

  it.each([
    { name: 'no version', content: 'Metadata-Version: 2.1\nName: half\n' },
    { name: 'version only in the body', content: 'Name: body\n\nVersion: 1.0\n' },
    { name: 'binary', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]) },
    { name: 'empty', content: '' },
  ])('hostile: $name gives one unknown', async ({ content }) => {
    const res = await python.parse(
      fileFromBytes('usr/lib/python3/dist-packages/x.egg-info', content),
      ctx,
    )

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
    expect(res.unknowns[0]?.path).toBe('usr/lib/python3/dist-packages/x.egg-info')
  })

  it.each([
    { path: 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA', want: true },
    { path: 'usr/local/lib/python3.11/site-packages/pip-23.0.1.dist-info/METADATA', want: true },
    {
      path: 'opt/venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA',
      want: true,
    },
    { path: 'usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO', want: true },
    { path: 'usr/lib/python3/dist-packages/python_debian-0.1.49.egg-info', want: true },
    { path: 'usr/lib/python2.7/site-packages/foo-1.0-py2.7.egg/EGG-INFO/PKG-INFO', want: true },
    { path: 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD', want: false },
    { path: 'usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/requires.txt', want: false },
    { path: 'app/METADATA', want: false },
  ])('match $path -> $want', ({ path, want }) => {
    expect(python.match(path, { mode: 0o100644, size: 1 })).toBe(want)
  })
})
