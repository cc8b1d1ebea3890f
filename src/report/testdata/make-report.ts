// Builds testdata/reports/debian-app.json, the realistic report the golden tests render.
// Run once on a Debian 12 machine: `npx tsx src/report/testdata/make-report.ts`.
// Inputs (all real): /var/lib/dpkg/status and /usr/share/doc/*/copyright of this machine,
// OSV advisories and Debian tracker records copied from /work/shared/corpus/vuln (see README.md).
// The output is committed; tests never run this script.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toPurl } from '../../core/index.js'
import type { Finding, Package, ScanReport } from '../../core/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const CORPUS = '/work/shared/corpus/vuln'
const digest = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`

const layers = [
  { index: 0, digest: digest('bookworm base layer'), diffId: digest('bookworm base layer tar'), size: 29_150_217, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', createdBy: '# debian.sh --arch amd64 out/ bookworm' },
  { index: 1, digest: digest('app layer'), diffId: digest('app layer tar'), size: 1_873_404, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', createdBy: 'COPY app/ /app/ # buildkit' },
]
const layerRef = (i: 0 | 1) => ({ index: i, digest: layers[i]!.digest, diffId: layers[i]!.diffId, createdBy: layers[i]!.createdBy })

function stanzas(): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>()
  for (const block of readFileSync('/var/lib/dpkg/status', 'utf8').split('\n\n')) {
    const f: Record<string, string> = {}
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z-]+): (.*)$/.exec(line)
      if (m) f[m[1]!] = m[2]!
    }
    if (f.Package && f.Status?.endsWith(' installed')) out.set(f.Package, f)
  }
  return out
}

function debLicenses(pkg: string): string[] {
  const p = `/usr/share/doc/${pkg}/copyright`
  if (!existsSync(p)) return []
  const seen = new Set<string>()
  for (const m of readFileSync(p, 'utf8').matchAll(/^License: (.+)$/gm)) seen.add(m[1]!.trim())
  return [...seen].slice(0, 4)
}

const WANTED = ['apt', 'tar', 'gpgv', 'libsystemd0', 'login', 'passwd', 'coreutils', 'libc6', 'bash', 'zlib1g', 'perl-base']
const all = stanzas()
const names = [...new Set([...WANTED.filter((n) => all.has(n)), ...[...all.keys()].sort()])].slice(0, 190)
const debs: Package[] = names.map((n) => {
  const f = all.get(n)!
  const src = /^(\S+)(?: \((.+)\))?$/.exec(f.Source ?? '')
  return {
    name: n,
    version: f.Version!,
    type: 'deb',
    purl: toPurl({ type: 'deb', namespace: 'debian', name: n, version: f.Version, qualifiers: { arch: f.Architecture, distro: 'debian-12' } }),
    arch: f.Architecture,
    licenses: debLicenses(n),
    ...(src ? { source: { name: src[1]!, version: src[2] ?? f.Version! } } : {}),
    locations: [{ path: 'var/lib/dpkg/status', layer: layerRef(0) }],
    layer: layerRef(0),
    foundBy: 'dpkg',
  }
})

// Real npm releases and their package.json "license" fields.
const NPM: [string, string, string][] = [
  ['lodash', '4.17.15', 'MIT'], ['minimist', '1.2.0', 'MIT'], ['express', '4.17.1', 'MIT'],
  ['debug', '2.6.9', 'MIT'], ['ms', '2.0.0', 'MIT'], ['qs', '6.7.0', 'BSD-3-Clause'],
  ['body-parser', '1.19.0', 'MIT'], ['cookie', '0.4.0', 'MIT'], ['accepts', '1.3.7', 'MIT'],
  ['jszip', '3.10.1', '(MIT OR GPL-3.0-or-later)'],
]
const npms: Package[] = NPM.map(([name, version, license]) => ({
  name, version, type: 'npm', purl: toPurl({ type: 'npm', name, version }), licenses: [license],
  locations: [{ path: 'app/package-lock.json', layer: layerRef(1) }], layer: layerRef(1), foundBy: 'npm',
}))

// CVSS v3.1 base score (FIRST specification, section 7.1).
function cvss31(vector: string): number {
  const m = Object.fromEntries(vector.split('/').slice(1).map((kv) => kv.split(':'))) as Record<string, string>
  const W: Record<string, Record<string, number>> = {
    AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }, AC: { L: 0.77, H: 0.44 }, UI: { N: 0.85, R: 0.62 },
    C: { H: 0.56, L: 0.22, N: 0 }, I: { H: 0.56, L: 0.22, N: 0 }, A: { H: 0.56, L: 0.22, N: 0 },
  }
  const changed = m.S === 'C'
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[m.PR!]!
  const iss = 1 - (1 - W.C![m.C!]!) * (1 - W.I![m.I!]!) * (1 - W.A![m.A!]!)
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss
  const expl = 8.22 * W.AV![m.AV!]! * W.AC![m.AC!]! * pr * W.UI![m.UI!]!
  if (impact <= 0) return 0
  const roundup = (x: number) => { const i = Math.round(x * 100000); return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10 }
  return roundup(Math.min(changed ? 1.08 * (impact + expl) : impact + expl, 10))
}

const sevOf = (s: number) => (s >= 9 ? 'critical' : s >= 7 ? 'high' : s >= 4 ? 'medium' : 'low') as Finding['severity']
const findings: Finding[] = []
for (const id of ['GHSA-p6mc-m468-83gw', 'GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9', 'GHSA-vh95-rmgr-6w4m', 'GHSA-xvch-5gv4-984h']) {
  const osv = JSON.parse(readFileSync(join(CORPUS, 'osv/npm', `${id}.json`), 'utf8'))
  type Affected = { package: { name: string }; ranges: { events: Record<string, string>[] }[] }
  const affs = (osv.affected as Affected[]).filter((a) => ['lodash', 'minimist'].includes(a.package.name))
  const pkg = npms.find((p) => p.name === affs[0]!.package.name)!
  // The fixes on the installed version's release line (what a matcher would report).
  const major = pkg.version.split('.')[0]
  const fixed = affs.flatMap((a) => a.ranges.flatMap((r) => r.events.map((e) => e.fixed)))
    .filter((v): v is string => typeof v === 'string' && v.split('.')[0] === major)
  const vector: string | undefined = osv.severity?.find((s: { type: string }) => s.type === 'CVSS_V3')?.score
  const score = vector ? cvss31(vector) : undefined
  findings.push({
    id, kind: 'vulnerability', severity: score !== undefined ? sevOf(score) : 'medium', title: osv.summary, description: osv.details,
    target: { type: 'package', name: 'app/package-lock.json', purl: pkg.purl, packageName: pkg.name, installedVersion: pkg.version },
    location: { path: 'app/package-lock.json', layerDigest: layers[1]!.digest, layerDiffId: layers[1]!.diffId, layerIndex: 1 },
    remediation: `Upgrade ${pkg.name} to ${fixed.join(' or ')}`,
    references: osv.references.map((r: { url: string }) => r.url).slice(0, 6),
    source: { plugin: 'osv-npm', version: '1' },
    details: { aliases: osv.aliases, fixedVersions: fixed, status: 'fixed', severitySource: 'cvss-v3', published: osv.published, modified: osv.modified, dataSource: 'GitHub Advisory Database', ...(vector ? { cvss: [{ version: '3.1', vector, score }] } : {}), cwes: osv.database_specific?.cwe_ids ?? [] },
  })
}

// Debian tracker records that are unfixed (or no-dsa) in bookworm.
const DEB: [string, string, Finding['severity']][] = [
  ['CVE-2011-3374', 'apt', 'low'], ['CVE-2005-2541', 'tar', 'low'], ['CVE-2022-3219', 'gpgv', 'low'],
  ['CVE-2023-7008', 'libsystemd0', 'medium'], ['CVE-2023-4641', 'login', 'medium'], ['CVE-2023-4641', 'passwd', 'medium'],
  ['CVE-2016-2781', 'coreutils', 'low'],
]
for (const [cve, name, severity] of DEB) {
  const rec = JSON.parse(readFileSync(join(CORPUS, 'debian/vuln-list-debian/tracker/CVE', `${cve}.json`), 'utf8'))
  const pkg = debs.find((p) => p.name === name)!
  const title = String(rec.Header.Description ?? rec.Header.Original).replace(/^[([]|[)\]]$/g, '').trim()
  findings.push({
    id: cve, kind: 'vulnerability', severity, title,
    target: { type: 'package', name: `${pkg.name} ${pkg.version}`, purl: pkg.purl, packageName: pkg.name, installedVersion: pkg.version },
    location: { path: 'var/lib/dpkg/status', layerDigest: layers[0]!.digest, layerDiffId: layers[0]!.diffId, layerIndex: 0 },
    references: [`https://security-tracker.debian.org/tracker/${cve}`],
    source: { plugin: 'debian-tracker', version: '1' },
    details: { aliases: [], fixedVersions: [], status: 'unfixed', severitySource: 'ecosystem (debian)', dataSource: 'Debian Security Tracker' },
    ...(cve === 'CVE-2011-3374' ? { suppressed: { by: 'vex:app.openvex.json', reason: 'Not exploitable in Debian, since no keyring URI is defined' } } : {}),
  })
}

findings.push(
  {
    id: 'aws-access-key-id', kind: 'secret', severity: 'critical', title: 'AWS Access Key ID',
    target: { type: 'file', name: 'app/config/.env' }, location: { path: 'app/config/.env', startLine: 3, endLine: 3, layerDigest: layers[1]!.digest, layerIndex: 1 },
    evidence: 'AWS_ACCESS_KEY_ID=AKIA****************', remediation: 'Remove the key from the image and rotate it.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'], attack: { tactic: 'credential-access', technique: 'T1552.001' },
    source: { plugin: 'secrets', version: '1' },
  },
  {
    id: 'private-key', kind: 'secret', severity: 'high', title: 'Asymmetric private key',
    target: { type: 'file', name: 'app/certs/server.key' }, location: { path: 'app/certs/server.key', startLine: 1, endLine: 28, layerDigest: layers[1]!.digest, layerIndex: 1 },
    evidence: '-----BEGIN RSA PRIVATE KEY-----****', remediation: 'Mount keys at run time (a Secret or volume) instead of baking them into the image.',
    references: [], attack: { tactic: 'credential-access', technique: 'T1552.004' }, source: { plugin: 'secrets', version: '1' },
  },
  {
    id: 'IMG-001', kind: 'image-config', severity: 'high', title: 'Image runs as root',
    description: 'The image config sets no USER, so processes run as UID 0 unless the runtime overrides it.',
    target: { type: 'image', name: 'registry.example.com/shop/api:1.4.2', imageDigest: digest('manifest') }, location: { pointer: 'config.User' },
    remediation: 'Add a USER instruction with a non-root UID.', references: ['https://docs.docker.com/build/building/best-practices/#user'],
    attack: { tactic: 'privilege-escalation', technique: 'T1611' }, source: { plugin: 'imagecfg', version: '1' },
  },
  {
    id: 'DF-005', kind: 'misconfiguration', severity: 'low', title: 'ADD used instead of COPY',
    target: { type: 'dockerfile', name: 'Dockerfile' }, location: { path: 'Dockerfile', startLine: 12 },
    remediation: 'Use COPY for local files; ADD also fetches URLs and unpacks archives.',
    references: ['https://docs.docker.com/reference/dockerfile/#add'], source: { plugin: 'dockerfile', version: '1' },
  },
  {
    id: 'DF-014', kind: 'misconfiguration', severity: 'medium', title: 'apt-get install without --no-install-recommends',
    target: { type: 'dockerfile', name: 'Dockerfile' }, location: { path: 'Dockerfile', startLine: 5, endLine: 7 },
    references: [], source: { plugin: 'dockerfile', version: '1' },
  },
)

const report: ScanReport = {
  schemaVersion: 1, createdAt: '2026-11-28T20:30:00.000Z', tool: { name: 'bulwark', version: '0.1.0' },
  artifact: {
    name: 'registry.example.com/shop/api:1.4.2', type: 'registry', repository: 'registry.example.com/shop/api', tag: '1.4.2',
    manifestDigest: digest('manifest'), configDigest: digest('config'), size: 31_024_663, architecture: 'amd64', layers,
    labels: { 'org.opencontainers.image.source': 'https://example.com/shop/api' },
  },
  os: { family: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)', codename: 'bookworm', path: 'etc/os-release' },
  packages: [...debs, ...npms], findings,
  unknowns: [{ path: 'app/node_modules/broken/package.json', reason: 'invalid JSON: Unexpected token } at position 41', layer: layerRef(1) }],
  warnings: ['layer 1: skipped unsafe path ../../etc/passwd'],
}
writeFileSync(join(here, 'reports/debian-app.json'), JSON.stringify(report, null, 2) + '\n')
console.log(`packages ${report.packages.length}, findings ${findings.length}`)
