import { describe, expect, it } from 'vitest'
import { PACKAGE_TYPES, type OsInfo } from '../../core/index.js'
import { matchers, osEcosystem } from './index.js'

describe('matcher registry', () => {
  it('covers every package type exactly once', () => {
    const covered = matchers.flatMap((m) => m.packageTypes)

    expect([...covered].sort()).toEqual([...PACKAGE_TYPES].sort())
  })

  it('has unique kebab-case ids and positive versions', () => {
    const ids = matchers.map((m) => m.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const m of matchers) {
      expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(m.version).toBeGreaterThan(0)
      expect(m.ecosystems.length).toBeGreaterThan(0)
    }
  })
})

describe('osEcosystem', () => {
  it.each([
    { os: { family: 'debian', version: '12' }, want: 'Debian:12' },
    { os: { family: 'debian', version: '12.4' }, want: 'Debian:12' },
    { os: { family: 'debian', version: '6.0' }, want: 'Debian:6.0' },
    { os: { family: 'debian', version: '' }, want: undefined },
    { os: { family: 'ubuntu', version: '22.04' }, want: 'Ubuntu:22.04:LTS' },
    { os: { family: 'ubuntu', version: '23.10' }, want: 'Ubuntu:23.10' },
    { os: { family: 'ubuntu', version: '21.04' }, want: 'Ubuntu:21.04' },
    { os: { family: 'alpine', version: '3.19.1' }, want: 'Alpine:v3.19' },
    { os: { family: 'alpine', version: 'edge' }, want: undefined },
    { os: { family: 'rocky', version: '9.3' }, want: 'Rocky Linux:9' },
    { os: { family: 'almalinux', version: '8.9' }, want: 'AlmaLinux:8' },
    { os: { family: 'wolfi', version: '20230201' }, want: 'Wolfi' },
    { os: { family: 'plan9', version: '4' }, want: undefined },
  ] as { os: OsInfo; want: string | undefined }[])('$os.family $os.version -> $want', ({ os, want }) => {
    expect(osEcosystem(os)).toBe(want)
  })
})
