import { describe, expect, it } from 'vitest'
import { parsePurl } from '../core/index.js'
import { osFromPurl, packageFromPurl, parseSbom } from './sbom-input.js'

describe('SBOM input', () => {
  it.each([
    { purl: 'pkg:deb/debian/bsdutils@1:2.38.1-5%2Bb1?arch=amd64&distro=debian-12&upstream=util-linux', os: { family: 'debian', version: '12' }, source: { name: 'util-linux', version: '1:2.38.1-5' } },
    { purl: 'pkg:deb/debian/libc6@2.36-9?distro=bookworm&upstream=glibc%402.36-9', os: { family: 'debian', version: '12', codename: 'bookworm' }, source: { name: 'glibc', version: '2.36-9' } },
    { purl: 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4', os: { family: 'alpine', version: '3.18.4' }, source: undefined },
    { purl: 'pkg:rpm/rocky/openssl@3.0.7-24.el9?distro=rocky-9.3', os: { family: 'rocky', version: '9.3' }, source: undefined },
  ])('reads OS and source of $purl', ({ purl, os, source }) => {
    const p = parsePurl(purl)

    expect(p && osFromPurl(p)).toEqual(os)
    expect(packageFromPurl(purl, 'test')?.source).toEqual(source)
  })

  it('keeps maven and npm namespaces; drops purl types it cannot match', () => {
    expect(packageFromPurl('pkg:maven/log4j/log4j@1.2.17', 't')).toMatchObject({ type: 'maven', namespace: 'log4j', name: 'log4j', version: '1.2.17' })
    expect(packageFromPurl('pkg:npm/%40babel/core@7.0.0', 't')).toMatchObject({ namespace: '@babel', name: 'core' })
    expect(packageFromPurl('pkg:github/actions/checkout@v4', 't')).toBeUndefined()
    expect(packageFromPurl('pkg:npm/lodash', 't')).toBeUndefined()
  })

  it('walks nested CycloneDX components and takes the OS component', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      metadata: { component: { type: 'operating-system', name: 'Alpine', version: '3.19.1' } },
      components: [{ type: 'application', name: 'app', components: [{ name: 'lodash', purl: 'pkg:npm/lodash@4.17.15' }] }, { name: 'bad', purl: 'pkg:' }],
    }

    const inv = parseSbom(JSON.stringify(bom), 'b.json')

    expect(inv.packages.map((p) => p.purl)).toEqual(['pkg:npm/lodash@4.17.15'])
    expect(inv.os).toEqual({ family: 'alpine', version: '3.19.1' })
    expect(inv.unknowns).toEqual([{ path: 'bad', reason: 'not a package URL: pkg:' }])
  })

  it.each(['', '{', '{"bomFormat": "SPDX"}', '{"spdxVersion": 2}', 'null'])('rejects %j as INPUT_INVALID', (text) => {
    expect(() => parseSbom(text, 'x')).toThrow(expect.objectContaining({ name: 'UserError', code: 'INPUT_INVALID' }))
  })
})
