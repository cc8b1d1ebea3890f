import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OsInfo } from '../../../core/index.js'
import { detectOs, osDistroQualifier } from '../../os/index.js'
import { bufferFile, fixtureFile } from '../internal/os-fixture.js'
import { osReleaseAnalyzer } from './index.js'

const TESTDATA = join(import.meta.dirname, 'testdata')

/** Runs the analyzer over every release file of one testdata root, as the engine would. */
async function candidatesOf(root: string): Promise<OsInfo[]> {
  const out: OsInfo[] = []
  for (const path of osReleaseAnalyzer.paths) {
    const file = await fixtureFile(join(TESTDATA, root), path).catch(() => undefined)
    if (!file) continue
    const result = await osReleaseAnalyzer.parse(file)
    expect(result.unknowns).toEqual([])
    if (result.os) out.push(result.os)
  }
  return out
}

describe('os-release analyzer and detectOs', () => {
  it.each([
    {
      root: 'debian-12',
      family: 'debian',
      version: '12',
      codename: 'bookworm',
      distro: 'debian-12',
      files: 2,
    },
    {
      root: 'debian-trixie',
      family: 'debian',
      version: '',
      codename: 'trixie',
      distro: 'debian',
      files: 2,
    },
    {
      root: 'ubuntu-22.04',
      family: 'ubuntu',
      version: '22.04',
      codename: 'jammy',
      distro: 'ubuntu-22.04',
      files: 3,
    },
    {
      root: 'alpine-3.19',
      family: 'alpine',
      version: '3.19.1',
      codename: undefined,
      distro: 'alpine-3.19.1',
      files: 2,
    },
    {
      root: 'rhel-9.3',
      family: 'rhel',
      version: '9.3',
      codename: undefined,
      distro: 'rhel-9.3',
      files: 3,
    },
    {
      root: 'centos-7',
      family: 'centos',
      version: '7',
      codename: undefined,
      distro: 'centos-7',
      files: 2,
    },
    {
      root: 'rocky-9.3',
      family: 'rocky',
      version: '9.3',
      codename: undefined,
      distro: 'rocky-9.3',
      files: 2,
    },
    {
      root: 'almalinux-9.3',
      family: 'almalinux',
      version: '9.3',
      codename: undefined,
      distro: 'almalinux-9.3',
      files: 2,
    },
    {
      root: 'fedora-39',
      family: 'fedora',
      version: '39',
      codename: undefined,
      distro: 'fedora-39',
      files: 2,
    },
    {
      root: 'amzn-2023',
      family: 'amzn',
      version: '2023',
      codename: undefined,
      distro: 'amzn-2023',
      files: 2,
    },
    {
      root: 'amzn-2-no-os-release',
      family: 'amzn',
      version: '2',
      codename: undefined,
      distro: 'amzn-2',
      files: 1,
    },
    {
      root: 'ol-8.9',
      family: 'ol',
      version: '8.9',
      codename: undefined,
      distro: 'ol-8.9',
      files: 2,
    },
    {
      root: 'anolis-8.8',
      family: 'anolis',
      version: '8.8',
      codename: undefined,
      distro: 'anolis-8.8',
      files: 2,
    },
    {
      root: 'alinux-3',
      family: 'alinux',
      version: '3',
      codename: undefined,
      distro: 'alinux-3',
      files: 2,
    },
    {
      root: 'distroless-12',
      family: 'debian',
      version: '12',
      codename: 'bookworm',
      distro: 'debian-12',
      files: 1,
    },
    {
      root: 'opensuse-leap-15.6',
      family: 'opensuse-leap',
      version: '15.6',
      codename: undefined,
      distro: 'opensuse-leap-15.6',
      files: 1,
    },
    {
      root: 'sles-15.5',
      family: 'sles',
      version: '15.5',
      codename: undefined,
      distro: 'sles-15.5',
      files: 1,
    },
    {
      root: 'wolfi',
      family: 'wolfi',
      version: '20230201',
      codename: undefined,
      distro: 'wolfi-20230201',
      files: 1,
    },
    {
      root: 'usr-lib-only',
      family: 'debian',
      version: '12',
      codename: 'bookworm',
      distro: 'debian-12',
      files: 1,
    },
  ])('$root -> $distro', async ({ root, family, version, codename, distro, files }) => {
    const candidates = await candidatesOf(root)

    const os = detectOs(candidates)

    expect(candidates).toHaveLength(files)
    expect(os?.family).toBe(family)
    expect(os?.version).toBe(version)
    expect(os?.codename).toBe(codename)
    expect(os ? osDistroQualifier(os) : undefined).toBe(distro)
    expect(os?.distroless === true).toBe(root.startsWith('distroless'))
  })

  it('prefers os-release over the vendor file and etc/ over usr/lib/', () => {
    const vendor: OsInfo = { family: 'centos', version: '7.9.2009', path: 'etc/centos-release' }
    const usrLib: OsInfo = { family: 'centos', version: '7.1', path: 'usr/lib/os-release' }
    const etc: OsInfo = { family: 'centos', version: '7', path: 'etc/os-release' }

    expect(detectOs([vendor, usrLib, etc])?.path).toBe('etc/os-release')
    expect(detectOs([vendor, usrLib])?.path).toBe('usr/lib/os-release')
    expect(detectOs([vendor])?.version).toBe('7.9.2009')
    expect(detectOs([])).toBeUndefined()
  })

  it('reads the vendor line of each Red Hat style file', async () => {
    const cases = [
      ['etc/redhat-release', 'CentOS Stream release 9\n', 'centos', '9'],
      [
        'etc/redhat-release',
        'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n',
        'rhel',
        '7.9',
      ],
      ['etc/system-release', 'Amazon Linux AMI release 2018.03\n', 'amzn', '2018.03'],
      ['etc/rocky-release', 'Rocky Linux release 8.9 (Green Obsidian)\n', 'rocky', '8.9'],
    ] as const
    for (const [path, text, family, version] of cases) {
      const { os } = await osReleaseAnalyzer.parse(bufferFile(path, text))
      expect({ family: os?.family, version: os?.version }).toEqual({ family, version })
    }
  })

  it.each([
    {
      name: 'binary garbage',
      path: 'etc/os-release',
      data: Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x49, 0x44]),
    },
    { name: 'no ID', path: 'etc/os-release', data: 'NAME="Nothing"\nVERSION_ID=1\n' },
    { name: 'empty ID', path: 'usr/lib/os-release', data: 'ID=""\n' },
    { name: 'huge file', path: 'etc/os-release', data: 'ID=debian\n' + 'X'.repeat(200_000) },
    { name: 'unknown vendor', path: 'etc/system-release', data: 'Frobnix release 3\n' },
    {
      name: 'no version in vendor file',
      path: 'etc/redhat-release',
      data: 'Red Hat Enterprise Linux\n',
    },
    { name: 'garbage debian_version', path: 'etc/debian_version', data: '\u0000\u0001' },
    { name: 'garbage alpine-release', path: 'etc/alpine-release', data: 'edge please' },
    { name: 'lsb-release without id', path: 'etc/lsb-release', data: 'DISTRIB_RELEASE=22.04\n' },
  ])('hostile: $name -> unknown, no OS', async ({ path, data }) => {
    const result = await osReleaseAnalyzer.parse(bufferFile(path, data))

    expect(result.os).toBeUndefined()
    expect(result.unknowns).toHaveLength(1)
    expect(result.unknowns[0]?.path).toBe(path)
  })

  it('unquotes values as os-release(5) says', async () => {
    const text = `# comment\nID='Debian'\nVERSION_ID="1\\"2"\nNAME="a \\$b"\nnot an assignment\n`
    const { os } = await osReleaseAnalyzer.parse(bufferFile('etc/os-release', text))

    expect(os).toMatchObject({ family: 'debian', version: '1"2', name: 'a $b' })
  })

  it('covers every fixture folder in the table', async () => {
    const roots = await readdir(TESTDATA)
    expect(roots.filter((r) => r !== 'README.md')).toHaveLength(19)
  })
})
