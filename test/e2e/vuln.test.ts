import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwarkIn, type CliResult } from '../cli.js'
import type { Finding, ScanReport } from '../../src/core/index.js'
import { ensureTestImage, type TestImage } from '../fixtures.js'

const OSV = join(import.meta.dirname, '../../testdata/osv')

/** `bulwark ARGS` in process, colour off, the layer cache under this run's folder. */
function cli(args: readonly string[]): Promise<CliResult> {
  return bulwarkIn({ ...process.env, NO_COLOR: '1', ...(dir ? { BULWARK_CACHE_DIR: join(dir, 'cache') } : {}) }, args)
}

let image: TestImage
let dir: string
let db: string

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return path
}

beforeAll(async () => {
  image = await ensureTestImage()
  dir = mkdtempSync(join(tmpdir(), 'bulwark-vuln-e2e-'))
  db = join(dir, 'advisories.db')
  const up = await cli(['db', 'update', '--db', db, '--source', OSV, '--quiet'])
  expect(up.code).toBe(0)
}, 600_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function scanJson(args: string[]): Promise<{ report: ScanReport; stderr: string; code: number }> {
  const r = await cli([...args, '--format', 'json', '--db', db])
  return { report: JSON.parse(r.stdout) as ScanReport, stderr: r.stderr, code: r.code }
}

const ids = (fs: readonly Finding[], name: string) =>
  fs.filter((f) => f.target.packageName === name).map((f) => f.id).sort()

describe('bulwark image: vulnerabilities of the real test image', () => {
  it('finds lodash, minimist and log4j advisories with installed and fixed versions', async () => {
    const { report, code } = await scanJson(['image', image.ociRef, '--no-cache'])

    expect(code).toBe(0)
    expect(ids(report.findings, 'lodash')).toEqual(['CVE-2020-8203', 'CVE-2021-23337'])
    expect(ids(report.findings, 'minimist')).toEqual(['CVE-2021-44906'])
    const log4j = report.findings.find((f) => f.id === 'CVE-2019-17571')
    expect(log4j?.target.purl).toBe('pkg:maven/log4j/log4j@1.2.17')
    expect(log4j?.details?.['status']).toBe('unfixed')
    const lodash = report.findings.find((f) => f.id === 'CVE-2020-8203')
    expect(lodash?.target.installedVersion).toBe('4.17.15')
    expect(lodash?.details?.['fixedVersions']).toEqual(['4.17.20'])
    expect(lodash?.details?.['aliases']).toEqual(['GHSA-p6mc-m468-83gw'])
    expect(report.packages.length).toBeGreaterThan(90)
  })

  it('renders installed and fixed versions grouped by severity in the table', async () => {
    const r = await cli(['image', image.ociRef, '--db', db, '--severity', 'high,critical'])

    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/HIGH \(2\)/)
    expect(r.stdout).toMatch(/lodash\s+│ CVE-2020-8203\s+│ 4\.17\.15\s+│ 4\.17\.20/)
    expect(r.stdout).not.toContain('CVE-2024-28085')
  })

  it('gates: --fail-on exits 1, suppression by VEX and ignore file clears it, bad input exits 2 first', async () => {
    const vex = write(join(dir, 'gate.vex.json'), JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'test', timestamp: '2024-01-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2019-17571' }, products: [{ '@id': 'pkg:maven/log4j/log4j@1.2.17' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'SocketServer is never started' }],
    }))
    const ignore = write(join(dir, 'gate.trivyignore'), '# minimist is only used by a build script\nCVE-2021-44906 pkg:npm/minimist exp:2999-01-01\n')
    const bad = write(join(dir, 'bad.vex.json'), '{"statements": 3}')

    const failing = await cli(['image', image.ociRef, '--db', db, '--fail-on', 'critical'])
    const passing = await scanJson(['image', image.ociRef, '--fail-on', 'critical', '--vex', vex, '--ignorefile', ignore])
    const usage = await cli(['image', image.ociRef, '--db', db, '--fail-on', 'critical', '--vex', bad])
    const badSeverity = await cli(['image', image.ociRef, '--db', db, '--fail-on', 'severe'])

    expect(failing.code).toBe(1)
    expect(failing.stderr).toContain('CVE-2019-17571')
    expect(passing.code).toBe(0)
    const log4j = passing.report.findings.find((f) => f.id === 'CVE-2019-17571')
    expect(log4j?.suppressed).toEqual({ by: 'vex:not_affected', reason: 'vulnerable_code_not_in_execute_path: SocketServer is never started' })
    const minimist = passing.report.findings.find((f) => f.id === 'CVE-2021-44906')
    expect(minimist?.suppressed?.reason).toBe('minimist is only used by a build script (until 2999-01-01)')
    expect([usage.code, badSeverity.code]).toEqual([2, 2])
  })

  it('reports the inventory with advice and exit 0 when there is no database', async () => {
    // The image-config checks (root user: medium, no HEALTHCHECK: low) still run without advisories.
    const r = await cli(['image', image.ociRef, '--db', join(dir, 'missing.db'), '--format', 'json', '--fail-on', 'high'])

    expect(r.code).toBe(0)
    expect(r.stderr).toContain('bulwark db update')
    const report = JSON.parse(r.stdout) as ScanReport
    expect(report.findings.filter((f) => f.kind === 'vulnerability')).toEqual([])
    expect(report.findings.map((f) => f.id).sort()).toEqual(['IMG-001', 'IMG-002'])
    expect(report.packages.length).toBeGreaterThan(90)
  })
})

describe('bulwark sbom-scan', () => {
  it('scans our own CycloneDX SBOM of the test image to the same language findings', async () => {
    const sbomFile = join(dir, 'test.cdx.json')
    const made = await cli(['sbom', image.ociRef, '--format', 'cyclonedx', '--output', sbomFile])

    const { report, code } = await scanJson(['sbom-scan', sbomFile])

    expect(made.code).toBe(0)
    expect(code).toBe(0)
    expect(ids(report.findings, 'lodash')).toEqual(['CVE-2020-8203', 'CVE-2021-23337'])
    expect(ids(report.findings, 'minimist')).toEqual(['CVE-2021-44906'])
    expect(ids(report.findings, 'log4j')).toEqual(['CVE-2019-17571'])
    expect(report.os).toMatchObject({ family: 'debian' })
  })

  it('reads a third-party CycloneDX SBOM: fixed versions never match, upstream links, MAL- records', async () => {
    // Hand-checked against testdata/osv: lodash 4.17.21 and minimist 1.2.6 are the fixed
    // versions; lodash 4.17.20 is fixed for CVE-2020-8203 but not CVE-2021-23337; libc6 from
    // glibc 2.36-9+deb12u2 is before the DSA-5514-1 fix (deb12u3) and DSA-5673-1 (deb12u6).
    const bom = {
      bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
      metadata: { component: { type: 'container', name: 'third-party' } },
      components: [
        { type: 'operating-system', name: 'debian', version: '12.4' },
        { type: 'library', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
        { type: 'library', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' },
        { type: 'library', name: 'minimist', version: '1.2.6', purl: 'pkg:npm/minimist@1.2.6' },
        { type: 'library', name: '-gzip-ize', version: '1.0.0', purl: 'pkg:npm/-gzip-ize@1.0.0' },
        { type: 'library', name: 'libc6', version: '2.36-9+deb12u2', purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u2?arch=amd64&distro=debian-12.4&upstream=glibc' },
        { type: 'library', name: 'x', purl: 'not a purl' },
      ],
    }
    const file = write(join(dir, 'third.cdx.json'), JSON.stringify(bom))

    const { report } = await scanJson(['sbom-scan', file])

    const byPkg = (n: string, v: string) => report.findings.filter((f) => f.target.packageName === n && f.target.installedVersion === v).map((f) => f.id).sort()
    expect(byPkg('lodash', '4.17.21')).toEqual([])
    expect(byPkg('lodash', '4.17.20')).toEqual(['CVE-2021-23337'])
    expect(byPkg('minimist', '1.2.6')).toEqual([])
    expect(byPkg('libc6', '2.36-9+deb12u2')).toEqual(['CVE-2023-4911', 'CVE-2024-2961'])
    const glibc = report.findings.find((f) => f.id === 'CVE-2023-4911')
    expect(glibc?.details?.['aliases']).toEqual(['DEBIAN-CVE-2023-4911', 'DSA-5514-1'])
    const mal = report.findings.find((f) => f.target.packageName === '-gzip-ize')
    expect(mal).toMatchObject({ kind: 'malware', severity: 'critical', attack: { tactic: 'initial-access', technique: 'T1195.002' } })
    expect(report.unknowns.map((u) => u.path)).toEqual(['x'])
  })

  it('reads an SPDX 2.3 SBOM and suppresses with CycloneDX VEX', async () => {
    const spdx = {
      spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'x', documentNamespace: 'https://example.com/x',
      creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: other'] },
      packages: [{ name: 'minimist', SPDXID: 'SPDXRef-1', downloadLocation: 'NOASSERTION', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/minimist@1.2.0' }] }],
    }
    const vex = { bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, vulnerabilities: [{ id: 'CVE-2021-44906', analysis: { state: 'not_affected', justification: 'code_not_reachable' }, affects: [{ ref: 'pkg:npm/minimist@1.2.0' }] }] }
    const file = write(join(dir, 'x.spdx.json'), JSON.stringify(spdx))
    const vexFile = write(join(dir, 'x.cdx-vex.json'), JSON.stringify(vex))

    const plain = await scanJson(['sbom-scan', file])
    const table = await cli(['sbom-scan', file, '--db', db, '--vex', vexFile, '--fail-on', 'low'])

    expect(ids(plain.report.findings, 'minimist')).toEqual(['CVE-2021-44906'])
    expect(table.code).toBe(0)
    expect(table.stdout).toContain('[suppressed')
  })

  it('matches a saved Bulwark report again: same inventory and other findings, vulnerabilities from the database now', async () => {
    const saved = (await scanJson(['image', image.ociRef])).report
    const emptyDb = join(dir, 'empty.db')
    const emptyDir = join(dir, 'osv-empty')
    mkdirSync(emptyDir, { recursive: true })
    expect((await cli(['db', 'update', '--db', emptyDb, '--source', emptyDir, '--quiet'])).code).toBe(0)
    // matched against an empty database first: no vulnerabilities, everything else kept
    const older = join(dir, 'older.json')
    const none = await cli(['sbom-scan', write(join(dir, 'saved.json'), JSON.stringify(saved)), '--db', emptyDb, '--format', 'json', '--output', older])
    expect(none.code, none.stderr).toBe(0)
    const stripped = JSON.parse(readFileSync(older, 'utf8')) as ScanReport

    const { report, code } = await scanJson(['sbom-scan', older])

    expect(stripped.findings.filter((f) => f.kind === 'vulnerability')).toEqual([])
    expect(stripped.findings.length).toBeGreaterThan(0) // the image checks stay
    expect(code).toBe(0)
    expect(report.artifact).toEqual(saved.artifact)
    expect(report.packages).toEqual(saved.packages)
    const key = (f: Finding) => `${f.kind} ${f.id} ${f.target.purl ?? f.target.name}`
    expect(report.findings.map(key).sort()).toEqual(saved.findings.map(key).sort())
  })

  it('refuses a damaged Bulwark report with exit 2 naming the field', async () => {
    const bad = { schemaVersion: 1, tool: { name: 'bulwark', version: 'x' }, artifact: { name: 'a', type: 'oci' }, packages: [{ name: 'x' }], findings: [], unknowns: [], warnings: [] }
    const r = await cli(['sbom-scan', write(join(dir, 'bad-report.json'), JSON.stringify(bad)), '--db', db])

    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/not a valid Bulwark report at packages\.0\.version/)
  })

  it('exits 2 on a file that is not an SBOM', async () => {
    const r = await cli(['sbom-scan', write(join(dir, 'junk.json'), '{"hello": 1}'), '--db', db])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('neither a CycloneDX nor an SPDX')
  })
})

describe('bulwark image rootfs: with Source: fields', () => {
  it('matches Debian binaries through their source package, one finding per vulnerability', async () => {
    const root = join(dir, 'debian-root')
    write(join(root, 'etc/os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n')
    const stanza = (p: string, v: string, src: string) =>
      `Package: ${p}\nStatus: install ok installed\nPriority: optional\nSection: libs\nMaintainer: Debian\nArchitecture: amd64\n${src}Version: ${v}\nDescription: ${p}\n`
    write(join(root, 'var/lib/dpkg/status'), [
      stanza('libc6', '2.36-9+deb12u3', 'Source: glibc\n'),
      stanza('bsdutils', '1:2.38.1-5+deb12u3', 'Source: util-linux (2.38.1-5+deb12u3)\n'),
      stanza('curl', '7.88.1-10+deb12u3', ''),
      stanza('perl-base', '5.36.0-7+deb12u3', 'Source: perl\n'),
    ].join('\n'))

    const { report, code } = await scanJson(['image', `rootfs:${root}`])

    expect(code).toBe(0)
    expect(ids(report.findings, 'libc6')).toEqual(['CVE-2024-2961'])
    expect(ids(report.findings, 'bsdutils')).toEqual(['CVE-2024-28085'])
    expect(ids(report.findings, 'curl')).toEqual(['CVE-2023-38545', 'CVE-2023-38546'])
    expect(ids(report.findings, 'perl-base')).toEqual([])
  })

  it('matches Alpine packages by origin against their release only', async () => {
    const root = join(dir, 'alpine-root')
    write(join(root, 'etc/os-release'), 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\n')
    const entry = (p: string, v: string, o: string) => `C:Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=\nP:${p}\nV:${v}\nA:x86_64\nS:1\nI:1\nT:${p}\nU:https://alpinelinux.org\nL:MIT\no:${o}\n`
    write(join(root, 'lib/apk/db/installed'), [entry('apk-tools', '2.10.6-r0', 'apk-tools'), entry('zlib', '1.2.12-r0', 'zlib'), entry('musl', '1.2.4-r2', 'musl')].join('\n'))

    const { report } = await scanJson(['image', `rootfs:${root}`])

    expect(ids(report.findings, 'apk-tools')).toEqual(['CVE-2021-36159'])
    expect(ids(report.findings, 'zlib')).toEqual(['CVE-2022-37434'])
    expect(ids(report.findings, 'musl')).toEqual([])
  })
})
