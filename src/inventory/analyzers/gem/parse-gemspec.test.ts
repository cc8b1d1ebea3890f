import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../core/index.js'
import { fileFromBytes, fileFromTestdata, toFacts } from '../internal/lang-test-file.js'
import { gem, isInstalledGemspec } from './index.js'
import { rubyStrings } from './parse-gemspec.js'

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url))
const ctx = { log: silentLogger }

function rubyGem(name: string, version: string, licenses: string[]) {
  return { name, version, purl: `pkg:gem/${name}@${version}`, licenses }
}

describe('gemspec', () => {
  it('reads the real Debian bookworm gemspecs (gem home, default gems, rubygems-integration)', async () => {
    const entries = await readdir(TESTDATA, { recursive: true, withFileTypes: true })
    const rels = entries
      .filter((e) => e.isFile())
      .map((e) => `${e.parentPath}/${e.name}`.slice(TESTDATA.length).replace(/^\/+/, ''))
      .filter(isInstalledGemspec)

    const pkgs = []
    for (const rel of rels) {
      const res = await gem.parse(await fileFromTestdata(TESTDATA, rel), ctx)
      expect(res.unknowns).toEqual([])
      pkgs.push(...res.packages)
    }

    expect(toFacts(pkgs)).toEqual([
      // digest's spec holds NUL bytes (rubygems' extension list in the stub line).
      rubyGem('digest', '3.1.0', ['Ruby', 'BSD-2-Clause']),
      rubyGem('json', '2.6.3', ['Ruby']),
      rubyGem('minitest', '5.15.0', ['MIT']),
      rubyGem('rack', '2.2.22', ['MIT']),
      rubyGem('rake', '13.0.6', ['MIT']),
      rubyGem('uri', '0.11.0', ['Ruby', 'BSD-2-Clause']),
    ])
    expect(pkgs.every((p) => p.type === 'gem' && p.foundBy === 'gem')).toBe(true)
  })

  it.each([
    {
      name: 'old %q{} literals and singular license',
      text: 'Gem::Specification.new do |s|\n  s.name = %q{activesupport}\n  s.version = "2.3.18"\n  s.license = %q{MIT}\nend\n',
      want: [rubyGem('activesupport', '2.3.18', ['MIT'])],
    },
    {
      name: 'Gem::Version.new, single quotes, spec variable',
      text: "Gem::Specification.new do |spec|\n  spec.name = 'nokogiri'\n  spec.version = Gem::Version.new('1.15.4')\n  spec.licenses = ['MIT', 'BSD-3-Clause']\nend\n",
      want: [rubyGem('nokogiri', '1.15.4', ['MIT', 'BSD-3-Clause'])],
    },
    {
      name: 'stub header when assignments are missing',
      text: '# -*- encoding: utf-8 -*-\n# stub: thor 1.2.1 ruby lib\n\nGem::Specification.new do |s|\nend\n',
      want: [rubyGem('thor', '1.2.1', [])],
    },
    {
      name: 'dependency lines are not the gem name',
      text: '# stub: puma 6.4.0 ruby lib\nGem::Specification.new do |s|\n  s.add_runtime_dependency(%q<nio4r>.freeze, ["~> 2.0"])\n  s.name = "puma".freeze\n  s.version = "6.4.0"\nend\n',
      want: [rubyGem('puma', '6.4.0', [])],
    },
  ])('$name', async ({ text, want }) => {
    const res = await gem.parse(
      fileFromBytes('var/lib/gems/3.1.0/specifications/x.gemspec', text),
      ctx,
    )

    expect(toFacts(res.packages)).toEqual(want)
    expect(res.unknowns).toEqual([])
  })

  it.each([
    { expr: '["Ruby".freeze, "BSD-2-Clause".freeze]', want: ['Ruby', 'BSD-2-Clause'] },
    { expr: '%q<rack>.freeze', want: ['rack'] },
    { expr: '"say \\"hi\\""', want: ['say "hi"'] },
    { expr: 'nil', want: [] },
  ])('rubyStrings $expr', ({ expr, want }) => {
    expect(rubyStrings(expr)).toEqual(want)
  })

  it.each([
    {
      name: 'binary garbage',
      content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe]),
    },
    { name: 'no version', content: 'Gem::Specification.new do |s|\n  s.name = "half"\nend\n' },
    { name: 'version from code', content: 's.name = "x"\ns.version = File.read("VERSION")\n' },
    { name: 'version with shell', content: 's.name = "x"\ns.version = "1.0; rm -rf /"\n' },
    { name: 'empty', content: '' },
  ])('hostile: $name gives one unknown', async ({ content }) => {
    const res = await gem.parse(
      fileFromBytes('var/lib/gems/3.1.0/specifications/bad.gemspec', content),
      ctx,
    )

    expect(res.packages).toEqual([])
    expect(res.unknowns).toHaveLength(1)
  })

  it.each([
    { path: 'usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec', want: true },
    { path: 'usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec', want: true },
    { path: 'app/vendor/bundle/ruby/3.2.0/specifications/rack-3.0.8.gemspec', want: true },
    { path: 'usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec', want: true },
    { path: 'app/myapp.gemspec', want: false },
    { path: 'usr/lib/ruby/gems/3.1.0/gems/rake-13.0.6/rake.gemspec', want: false },
  ])('match $path -> $want', ({ path, want }) => {
    expect(gem.match(path, { mode: 0o100644, size: 1 })).toBe(want)
  })
})
