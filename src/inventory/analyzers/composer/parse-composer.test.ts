import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { composer, composerFileKind } from './index.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function php(full: string, version: string, licenses: string[], dev?: boolean) {
  const [namespace = '', name = ''] = full.split('/')
  return {
    name,
    namespace,
    version,
    purl: `pkg:composer/${full}@${version}`,
    licenses,
    ...(dev === undefined ? {} : { dev }),
  }
}

describe('composer', () => {
  it.each([
    {
      name: 'installed.json v2 with dev-package-names',
      rel: 'app/vendor/composer/installed.json',
      want: [
        php('doctrine/deprecations', 'v1.1.1', ['MIT'], true),
        php('monolog/monolog', '3.4.0', ['MIT'], false),
        php('nikic/php-parser', 'v4.17.1', ['BSD-3-Clause'], true),
        php('psr/log', '3.0.0', ['MIT'], false),
      ],
    },
    {
      name: 'composer.lock packages and packages-dev',
      rel: 'app/composer.lock',
      want: [
        php('doctrine/deprecations', 'v1.1.1', ['MIT'], true),
        php('monolog/monolog', '3.4.0', ['MIT'], false),
        php('nikic/php-parser', 'v4.17.1', ['BSD-3-Clause'], true),
        php('psr/log', '3.0.0', ['MIT'], false),
      ],
    },
    {
      name: 'installed.json v1 (Composer 1 array, no dev information)',
      rel: 'legacy/vendor/composer/installed.json',
      want: [php('monolog/monolog', '3.4.0', ['MIT']), php('psr/log', '3.0.0', ['MIT'])],
    },
  ])('$name', async ({ rel, want }) => {
    const res = await composer.parse(await fileFromTestdata(TESTDATA, rel), ctx)

    expect(toFacts(res.packages)).toEqual(
      toFacts(want.map((p) => ({ ...p, type: 'composer' as const, foundBy: 'composer' }))),
    )
    expect(res.unknowns).toEqual([])
    expect(res.packages.every((p) => p.type === 'composer' && p.foundBy === 'composer')).toBe(true)
    expect(res.packages[0]?.locations).toEqual([{ path: rel }])
  })

  it.each([
    {
      name: 'bad entries are unknowns, string license accepted, --no-dev install',
      path: 'srv/vendor/composer/installed.json',
      doc: {
        packages: [
          { name: 'acme/tool', version: '1.0.0', license: 'proprietary' },
          { name: 'novendor', version: '1.0.0' },
          { name: 'a/b/c', version: '1.0.0' },
          { name: 'acme/nover' },
          'junk',
        ],
        dev: false,
        'dev-package-names': [],
      },
      want: [php('acme/tool', '1.0.0', ['proprietary'], false)],
      unknowns: [1, 2, 3, 4].map((i) => `composer: package #${i} has no vendor/name and version`),
    },
    {
      name: 'lock with only packages-dev',
      path: 'srv/composer.lock',
      doc: {
        'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.0', license: ['BSD-3-Clause'] }],
      },
      want: [php('phpunit/phpunit', '10.5.0', ['BSD-3-Clause'], true)],
      unknowns: [],
    },
  ])('$name', async ({ path, doc, want, unknowns }) => {
    const res = await composer.parse(fileFromBytes(path, JSON.stringify(doc)), ctx)

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns.map((u) => u.reason)).toEqual(unknowns)
  })

  it.each([
    {
      name: 'truncated installed.json',
      path: 'vendor/composer/installed.json',
      content: '{"packages": [{"name": "a/b", "vers',
    },
    {
      name: 'binary installed.json',
      path: 'vendor/composer/installed.json',
      content: Buffer.from([0x00, 0xff, 0x10]),
    },
    {
      name: 'installed.json object without packages',
      path: 'vendor/composer/installed.json',
      content: '{"x":1}',
    },
    { name: 'lock without packages', path: 'composer.lock', content: '{"content-hash":"x"}' },
    { name: 'lock that is a string', path: 'composer.lock', content: '"hello"' },
  ])('hostile: $name gives one unknown', async ({ path, content }) => {
    const res = await composer.parse(fileFromBytes(path, content), ctx)

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
  })

  it.each([
    { path: 'var/www/html/vendor/composer/installed.json', want: 'installed' },
    { path: 'vendor/composer/installed.json', want: 'installed' },
    { path: 'var/www/html/composer.lock', want: 'lock' },
    { path: 'composer.lock', want: 'lock' },
    { path: 'var/www/html/vendor/monolog/monolog/composer.lock', want: undefined },
    { path: 'var/www/html/vendor/composer/installed.php', want: undefined },
    { path: 'var/www/html/composer.json', want: undefined },
  ])('match $path -> $want', ({ path, want }) => {
    expect(composerFileKind(path)).toBe(want)
    expect(composer.match(path, { mode: 0o100644, size: 1 })).toBe(want !== undefined)
  })
})
