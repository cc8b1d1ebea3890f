import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Finding, OsInfo, Package, PackageType, VulnerabilityDetails } from '../core/index.js'
import { openSqliteAdvisoryStore } from '../store/advisory/index.js'
import type { SqliteAdvisoryStore } from '../store/advisory/index.js'
import { importOsv } from './import/import-osv.js'
import { matchPackages } from './match-packages.js'

const FIXTURES = join(import.meta.dirname, '../../testdata/osv')
const BOOKWORM: OsInfo = { family: 'debian', version: '12', codename: 'bookworm' }
const ALPINE_318: OsInfo = { family: 'alpine', version: '3.18.4' }

let store: SqliteAdvisoryStore
beforeAll(async () => {
  store = openSqliteAdvisoryStore(':memory:')
  for (const dir of ['npm', 'maven', 'pypi', 'go', 'debian', 'alpine']) {
    await importOsv({ kind: 'dir', path: join(FIXTURES, dir), name: dir }, store)
  }
  return () => store.close()
})

interface PkgSpec {
  type: PackageType
  name: string
  version: string
  namespace?: string
  source?: { name: string; version: string }
  path?: string
  files?: string[]
}

function pkg(s: PkgSpec): Package {
  return {
    name: s.name,
    version: s.version,
    type: s.type,
    purl: `pkg:${s.type}/${s.namespace ? `${s.namespace}/` : ''}${s.name}@${s.version}`,
    licenses: [],
    locations: [{ path: s.path ?? `fixtures/${s.name}`, layer: { index: 1, diffId: 'sha256:ab' } }],
    foundBy: 'test',
    ...(s.namespace ? { namespace: s.namespace } : {}),
    ...(s.source ? { source: s.source } : {}),
    ...(s.files ? { files: s.files } : {}),
  }
}

function details(f: Finding): VulnerabilityDetails {
  return f.details as unknown as VulnerabilityDetails
}

async function ids(p: PkgSpec, os?: OsInfo): Promise<string[]> {
  return (await matchPackages([pkg(p)], os, store)).map((f) => f.id).sort()
}

describe('matchPackages: language ecosystems', () => {
  it.each([
    { p: { type: 'npm', name: 'lodash', version: '4.17.15' }, want: ['CVE-2020-8203', 'CVE-2021-23337'] },
    { p: { type: 'npm', name: 'lodash', version: '4.17.20' }, want: ['CVE-2021-23337'] },
    { p: { type: 'npm', name: 'lodash', version: '4.17.21' }, want: [] },
    { p: { type: 'npm', name: 'minimist', version: '1.2.0' }, want: ['CVE-2021-44906'] },
    { p: { type: 'npm', name: 'minimist', version: '1.2.6' }, want: [] },
    { p: { type: 'npm', name: 'minimist', version: '0.2.4' }, want: [] },
    { p: { type: 'maven', namespace: 'log4j', name: 'log4j', version: '1.2.17' }, want: ['CVE-2019-17571'] },
    { p: { type: 'maven', name: 'log4j:log4j', version: '1.2.17' }, want: ['CVE-2019-17571'] },
    { p: { type: 'maven', namespace: 'log4j', name: 'log4j', version: '1.2.18' }, want: [] },
    { p: { type: 'pypi', name: 'PyYAML', version: '5.3.1' }, want: ['CVE-2020-14343'] },
    { p: { type: 'pypi', name: 'pyyaml', version: '5.3.1' }, want: ['CVE-2020-14343'] },
    { p: { type: 'pypi', name: 'PyYAML', version: '5.4' }, want: [] },
    { p: { type: 'golang', namespace: 'github.com/opencontainers', name: 'runc', version: 'v1.1.11' }, want: ['CVE-2024-21626'] },
    { p: { type: 'golang', namespace: 'github.com/opencontainers', name: 'runc', version: 'v1.1.12' }, want: [] },
    { p: { type: 'golang', name: 'stdlib', version: 'go1.20.7' }, want: ['CVE-2023-39325'] },
    { p: { type: 'golang', name: 'stdlib', version: 'go1.20.10' }, want: [] },
  ] as { p: PkgSpec; want: string[] }[])('$p.type $p.name $p.version', async ({ p, want }) => {
    expect(await ids(p)).toEqual(want)
  })

  it('merges aliases into one finding with the CVE id and ignores withdrawn records', async () => {
    const [f, ...rest] = await matchPackages(
      [pkg({ type: 'golang', namespace: 'github.com/opencontainers', name: 'runc', version: 'v1.1.11' })],
      undefined,
      store,
    )

    expect(rest).toEqual([])
    expect(f?.id).toBe('CVE-2024-21626')
    expect(details(f as Finding).aliases).toEqual(['GHSA-xr7r-f8xq-vfvv', 'GO-2024-2491'])
    expect(details(f as Finding).aliases).not.toContain('GO-2025-3543')
    expect(details(f as Finding).fixedVersions).toEqual(['1.1.12'])
  })

  it('builds a complete vulnerability finding', async () => {
    const [f] = await matchPackages(
      [pkg({ type: 'npm', name: 'minimist', version: '1.2.0', path: 'app/node_modules/minimist/package.json' })],
      undefined,
      store,
      { imageDigest: 'sha256:img' },
    )

    expect(f).toMatchObject({
      id: 'CVE-2021-44906',
      kind: 'vulnerability',
      severity: 'critical',
      title: 'Prototype Pollution in minimist',
      target: {
        type: 'package',
        name: 'minimist',
        purl: 'pkg:npm/minimist@1.2.0',
        installedVersion: '1.2.0',
        imageDigest: 'sha256:img',
      },
      location: { path: 'app/node_modules/minimist/package.json', layerDiffId: 'sha256:ab', layerIndex: 1 },
      remediation: 'Upgrade minimist to 1.2.6',
      source: { plugin: 'matcher/npm', version: '1' },
      details: {
        aliases: ['GHSA-xvch-5gv4-984h'],
        fixedVersions: ['1.2.6'],
        status: 'fixed',
        severitySource: 'cvss-v3',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
        dataSource: 'osv:npm',
      },
    })
    expect(f?.references.length).toBeGreaterThan(0)
  })

  it('marks a vulnerability with no fixed event as unfixed (log4j 1.2, last_affected)', async () => {
    const [f] = await matchPackages(
      [pkg({ type: 'maven', namespace: 'log4j', name: 'log4j', version: '1.2.17' })],
      undefined,
      store,
    )

    expect(details(f as Finding)).toMatchObject({ status: 'unfixed', fixedVersions: [] })
    expect(f?.remediation).toBeUndefined()
  })

  it('does not match a language package declared by a file an OS package owns', async () => {
    const path = 'usr/lib/python3/dist-packages/PyYAML-5.3.1.egg-info/PKG-INFO'
    const python = pkg({ type: 'pypi', name: 'PyYAML', version: '5.3.1', path })
    const deb = pkg({ type: 'deb', name: 'python3-yaml', version: '5.3.1-1', files: [`/${path}`] })

    const viaFiles = await matchPackages([deb, python], BOOKWORM, store)
    const viaOption = await matchPackages([python], BOOKWORM, store, { ownedPaths: new Set([path]) })
    const notOwned = await matchPackages([python], BOOKWORM, store, { ownedPaths: new Set(['x']) })

    expect(viaFiles).toEqual([])
    expect(viaOption).toEqual([])
    expect(notOwned.map((f) => f.id)).toEqual(['CVE-2020-14343'])
  })
})

describe('matchPackages: Debian', () => {
  const libc6 = (version: string): PkgSpec => ({
    type: 'deb',
    name: 'libc6',
    version,
    source: { name: 'glibc', version },
  })

  it.each([
    { p: libc6('2.36-9+deb12u1'), os: BOOKWORM, want: ['CVE-2023-4911', 'CVE-2024-2961'] },
    { p: libc6('2.36-9+deb12u3'), os: BOOKWORM, want: ['CVE-2024-2961'] },
    { p: libc6('2.36-9+deb12u6'), os: BOOKWORM, want: [] },
    { p: libc6('2.31-13+deb11u5'), os: { family: 'debian', version: '11' }, want: ['CVE-2023-4911', 'CVE-2024-2961'] },
    { p: libc6('2.28-10'), os: { family: 'debian', version: '10' }, want: [] },
    { p: libc6('2.36-9+deb12u1'), os: { family: 'ubuntu', version: '22.04' }, want: [] },
    { p: libc6('2.36-9+deb12u1'), os: undefined, want: [] },
    { p: libc6('2.36-9+deb12u1'), os: { family: 'debian', version: '' }, want: [] },
    {
      p: { type: 'deb', name: 'bsdutils', version: '1:2.38.1-5+deb12u3', source: { name: 'util-linux', version: '2.38.1-5+deb12u3' } },
      os: BOOKWORM,
      want: ['CVE-2024-28085'],
    },
    {
      p: { type: 'deb', name: 'libperl5.36', version: '5.36.0-7+deb12u2', source: { name: 'perl', version: '5.36.0-7+deb12u2' } },
      os: BOOKWORM,
      want: ['CVE-2023-31484'],
    },
    {
      p: { type: 'deb', name: 'perl-base', version: '5.36.0-7+deb12u3', source: { name: 'perl', version: '5.36.0-7+deb12u3' } },
      os: BOOKWORM,
      want: [],
    },
    { p: { type: 'deb', name: 'apt', version: '2.6.1' }, os: BOOKWORM, want: ['CVE-2011-3374'] },
    { p: { type: 'deb', name: 'lua5.1', version: '5.1.4-5' }, os: { family: 'debian', version: '6.0' }, want: ['CVE-2014-5461'] },
  ] as { p: PkgSpec; os: OsInfo | undefined; want: string[] }[])(
    '$p.name $p.version on $os.family $os.version',
    async ({ p, os, want }) => {
      expect(await ids(p, os)).toEqual(want)
    },
  )

  it('merges DSA and DEBIAN-CVE records through upstream', async () => {
    const findings = await matchPackages([pkg(libc6('2.36-9+deb12u1'))], BOOKWORM, store)
    const f = findings.find((x) => x.id === 'CVE-2023-4911') as Finding

    expect(details(f)).toMatchObject({
      aliases: ['DEBIAN-CVE-2023-4911', 'DSA-5514-1'],
      fixedVersions: ['2.36-9+deb12u3'],
      status: 'fixed',
      dataSource: 'osv:Debian:12',
    })
    expect(f.remediation).toBe('Upgrade glibc to 2.36-9+deb12u3')
  })

  it('splits a DSA fixing two CVEs into one finding per CVE', async () => {
    const curl: PkgSpec = { type: 'deb', name: 'curl', version: '7.88.1-10+deb12u3' }

    const findings = await matchPackages([pkg(curl)], BOOKWORM, store)

    expect(findings.map((f) => [f.id, details(f).aliases, details(f).fixedVersions])).toEqual([
      ['CVE-2023-38545', ['DSA-5523-1'], ['7.88.1-10+deb12u4']],
      ['CVE-2023-38546', ['DSA-5523-1'], ['7.88.1-10+deb12u4']],
    ])
  })

  it('rates by Debian urgency and marks unfixed advisories', async () => {
    const [apt] = await matchPackages([pkg({ type: 'deb', name: 'apt', version: '2.6.1' })], BOOKWORM, store)
    const [wall] = await matchPackages(
      [pkg({ type: 'deb', name: 'bsdutils', version: '1:2.38.1-5+deb12u3', source: { name: 'util-linux', version: '2.38.1-5+deb12u3' } })],
      BOOKWORM,
      store,
    )

    expect(apt?.severity).toBe('low')
    expect(details(apt as Finding)).toMatchObject({ status: 'unfixed', severitySource: 'ecosystem:Debian' })
    expect(wall?.severity).toBe('unknown')
    expect(details(wall as Finding)).toMatchObject({ status: 'unfixed', severitySource: 'none' })
    expect(wall?.target).toMatchObject({ packageName: 'bsdutils', installedVersion: '1:2.38.1-5+deb12u3' })
  })
})

describe('matchPackages: Alpine', () => {
  interface OracleRow {
    ecosystem: string
    name: string
    version: string
    osv_api_ids: string[]
  }
  const oracle = (
    JSON.parse(readFileSync(join(FIXTURES, 'oracle/osv-api-querybatch-alpine.json'), 'utf8')) as {
      rows: OracleRow[]
    }
  ).rows.filter((r) => r.ecosystem === 'Alpine:v3.18' && ['apk-tools', 'zlib'].includes(r.name))

  it('has oracle rows to replay', () => {
    expect(oracle.length).toBeGreaterThanOrEqual(4)
  })

  it.each(oracle)('$name $version on $ecosystem gives what osv.dev gave', async (row) => {
    const p = pkg({ type: 'apk', name: row.name, version: row.version })

    const findings = await matchPackages([p], ALPINE_318, store)

    const alpineIds = findings.flatMap((f) => details(f).aliases.filter((a) => a.startsWith('ALPINE-')))
    expect(alpineIds.sort()).toEqual([...row.osv_api_ids].sort())
  })

  it('matches by origin and only within the release', async () => {
    const libz = pkg({ type: 'apk', name: 'libz', version: '1.2.11-r1', source: { name: 'zlib', version: '1.2.11-r1' } })

    expect((await matchPackages([libz], ALPINE_318, store)).map((f) => f.id)).toEqual([
      'CVE-2018-25032',
      'CVE-2022-37434',
    ])
    expect(await matchPackages([libz], { family: 'alpine', version: '3.19.1' }, store)).toEqual([])
  })
})

describe('matchPackages: a real bookworm package list', () => {
  interface Fact {
    package: string
    version: string
    source_name: string
    source_version: string
  }
  const facts = (
    JSON.parse(readFileSync(join(FIXTURES, 'oracle/bookworm-dpkg-status-facts.json'), 'utf8')) as {
      packages: Fact[]
    }
  ).packages
  // What the fixtures say about bookworm: apt and util-linux are unfixed, perl is fixed in
  // 5.36.0-7+deb12u3 (this machine has +deb12u2), glibc and curl are past every fix.
  const bySource: Record<string, string[]> = {
    apt: ['CVE-2011-3374'],
    perl: ['CVE-2023-31484'],
    'util-linux': ['CVE-2024-28085'],
  }

  it('finds exactly the binaries built from vulnerable sources', async () => {
    const packages = facts.map((f) =>
      pkg({
        type: 'deb',
        name: f.package,
        version: f.version,
        source: { name: f.source_name, version: f.source_version },
      }),
    )

    const findings = await matchPackages(packages, BOOKWORM, store)

    const got = findings.map((f) => `${f.target.packageName} ${f.id}`).sort()
    const want = facts
      .flatMap((f) => (bySource[f.source_name] ?? []).map((id) => `${f.package} ${id}`))
      .sort()
    expect(want.length).toBeGreaterThan(10)
    expect(got).toEqual(want)
  })
})
