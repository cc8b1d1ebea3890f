import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisResult, FileInput } from '../../analyzer.js'
import { writeZip } from '../../../../test/zip.js'
import { java } from './index.js'
import type { JavaLimits } from './parse-java-archive.js'
import { DEFAULT_JAVA_LIMITS, parseJavaArchive } from './parse-java-archive.js'

const TESTDATA = join(import.meta.dirname, 'testdata')
const LOG4J = 'log4j-1.2-1.2.17.jar'
const SLF4J = 'slf4j-nop-1.7.32.jar'
const PLEXUS = 'plexus-component-annotations-2.1.1.jar'

function input(path: string, buf: Buffer): FileInput {
  return { path, size: buf.length, mode: 0o644, read: () => Promise.resolve(buf) }
}

/** What a test compares: purl, evidence and location of each package. */
function summary(r: AnalysisResult): { purl: string; evidence?: string; at?: string }[] {
  return r.packages.map((p) => ({ purl: p.purl, evidence: p.evidence, at: p.locations?.[0]?.path }))
}

let work = ''
const built: Record<string, Buffer> = {}

/** Runs Info-ZIP `zip` (CI installs it) in `dir`: real archives as build tools write them. */
function zip(dir: string, out: string, ...paths: string[]): Buffer {
  execFileSync('zip', ['-q', '-r', '-X', out, ...paths], { cwd: dir })
  return readFileSync(join(dir, out))
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bulwark-java-'))
  // A shaded "fat" jar: the classes and META-INF/maven of two real jars merged into one.
  const fat = join(work, 'fat')
  mkdirSync(fat)
  for (const j of [SLF4J, PLEXUS]) execFileSync('unzip', ['-q', '-o', join(TESTDATA, j), '-d', fat])
  built['fat'] = zip(fat, '../app-all.jar', '.')
  // A war with real jars in WEB-INF/lib and no identity of its own but its file name.
  const war = join(work, 'war')
  mkdirSync(join(war, 'WEB-INF/lib'), { recursive: true })
  for (const j of [LOG4J, SLF4J]) copyFileSync(join(TESTDATA, j), join(war, 'WEB-INF/lib', j))
  built['war'] = zip(war, '../shop-2.0.1.war', 'WEB-INF')
  // An ear holding the war and a library: two levels of nesting.
  const ear = join(work, 'ear')
  mkdirSync(join(ear, 'lib'), { recursive: true })
  copyFileSync(join(work, 'shop-2.0.1.war'), join(ear, 'shop-2.0.1.war'))
  copyFileSync(join(TESTDATA, PLEXUS), join(ear, 'lib', PLEXUS))
  built['ear'] = zip(ear, '../bundle.ear', '.')
})

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('java: real archives', () => {
  it.each([
    {
      name: 'log4j 1.2.17 from Debian: MANIFEST only (Implementation-* in a named section)',
      path: `usr/share/java/${LOG4J}`,
      file: () => readFileSync(join(TESTDATA, LOG4J)),
      want: [
        {
          purl: 'pkg:maven/log4j/log4j@1.2.17',
          evidence: 'manifest',
          at: `usr/share/java/${LOG4J}`,
        },
      ],
    },
    {
      name: 'slf4j-nop: pom.properties',
      path: `usr/share/java/slf4j-nop.jar`,
      file: () => readFileSync(join(TESTDATA, SLF4J)),
      want: [
        {
          purl: 'pkg:maven/org.slf4j/slf4j-nop@1.7.32',
          evidence: 'pom.properties',
          at: 'usr/share/java/slf4j-nop.jar',
        },
      ],
    },
    {
      name: 'a fat jar: one package per pom.properties',
      path: 'app/app-all.jar',
      file: () => built['fat'] as Buffer,
      want: [
        {
          purl: 'pkg:maven/org.codehaus.plexus/plexus-component-annotations@2.1.1',
          evidence: 'pom.properties',
          at: 'app/app-all.jar',
        },
        {
          purl: 'pkg:maven/org.slf4j/slf4j-nop@1.7.32',
          evidence: 'pom.properties',
          at: 'app/app-all.jar',
        },
      ],
    },
    {
      name: 'a war: its file name, then WEB-INF/lib jars',
      path: 'srv/shop-2.0.1.war',
      file: () => built['war'] as Buffer,
      want: [
        { purl: 'pkg:maven/shop/shop@2.0.1', evidence: 'filename', at: 'srv/shop-2.0.1.war' },
        {
          purl: 'pkg:maven/log4j/log4j@1.2.17',
          evidence: 'manifest',
          at: `srv/shop-2.0.1.war!/WEB-INF/lib/${LOG4J}`,
        },
        {
          purl: 'pkg:maven/org.slf4j/slf4j-nop@1.7.32',
          evidence: 'pom.properties',
          at: `srv/shop-2.0.1.war!/WEB-INF/lib/${SLF4J}`,
        },
      ],
    },
  ])('$name', async ({ path, file, want }) => {
    const got = await java.parse(input(path, file()))

    expect(got.unknowns).toEqual([])
    expect(summary(got).sort((a, b) => a.purl.localeCompare(b.purl))).toEqual(
      want.sort((a, b) => a.purl.localeCompare(b.purl)),
    )
    expect(
      got.packages.every(
        (p) => p.type === 'maven' && p.foundBy === 'java' && p.namespace !== undefined,
      ),
    ).toBe(true)
  })

  it('an ear: nested two deep, and the depth limit', async () => {
    const ear = built['ear'] as Buffer

    const deep = await java.parse(input('bundle.ear', ear))
    const shallow = await parseJavaArchive(input('bundle.ear', ear), {
      ...DEFAULT_JAVA_LIMITS,
      maxDepth: 1,
    })

    expect(deep.unknowns).toEqual([
      { path: 'bundle.ear', reason: 'no pom.properties, manifest version or versioned file name' },
    ])
    expect(
      summary(deep)
        .map((s) => s.at)
        .sort(),
    ).toEqual([
      `bundle.ear!/lib/${PLEXUS}`,
      'bundle.ear!/shop-2.0.1.war',
      `bundle.ear!/shop-2.0.1.war!/WEB-INF/lib/${LOG4J}`,
      `bundle.ear!/shop-2.0.1.war!/WEB-INF/lib/${SLF4J}`,
    ])
    expect(
      summary(shallow)
        .map((s) => s.purl)
        .sort(),
    ).toEqual([
      'pkg:maven/org.codehaus.plexus/plexus-component-annotations@2.1.1',
      'pkg:maven/shop/shop@2.0.1',
    ])
    expect(shallow.unknowns.map((u) => u.path).sort()).toEqual([
      'bundle.ear',
      `bundle.ear!/shop-2.0.1.war!/WEB-INF/lib/${LOG4J}`,
      `bundle.ear!/shop-2.0.1.war!/WEB-INF/lib/${SLF4J}`,
    ])
  })
})

describe('java: hostile archives', () => {
  const small: JavaLimits = {
    maxMetadata: 64 << 10,
    maxNested: 1 << 20,
    maxTotal: 3 << 20,
    maxDepth: 4,
  }
  const jar = (entries: Parameters<typeof writeZip>[0]): Buffer => writeZip(entries)
  const slf4j = (): Buffer => readFileSync(join(TESTDATA, SLF4J))

  it.each([
    {
      name: 'a corrupt zip',
      buf: Buffer.from('PK\x03\x04 this is not really a zip'),
      want: [],
      unknowns: [{ path: 'x.jar', reason: 'no end of central directory record (not a zip file)' }],
    },
    {
      name: 'a manifest bomb',
      buf: jar([
        { name: 'META-INF/MANIFEST.MF', data: Buffer.alloc(8 << 20, 0x20), declaredSize: 100 },
      ]),
      want: [],
      unknowns: [
        { path: 'x.jar', reason: 'META-INF/MANIFEST.MF: inflates past the 65536-byte limit' },
        { path: 'x.jar', reason: 'no pom.properties, manifest version or versioned file name' },
      ],
    },
    {
      name: 'a nested bomb next to a real jar',
      buf: jar([
        { name: 'lib/bomb-1.0.jar', data: Buffer.alloc(32 << 20) },
        { name: `lib/${SLF4J}`, data: slf4j(), method: 0 },
      ]),
      want: ['pkg:maven/org.slf4j/slf4j-nop@1.7.32'],
      unknowns: [
        { path: 'x.jar', reason: 'no pom.properties, manifest version or versioned file name' },
        {
          path: 'x.jar!/lib/bomb-1.0.jar',
          reason: 'lib/bomb-1.0.jar: declares 33554432 bytes, over the 1048576-byte limit',
        },
      ],
    },
    {
      name: 'nested archives over the total budget',
      buf: jar(
        [1, 2, 3, 4].map((i) => ({
          name: `lib/pad${i}.jar`,
          data: writeZip([{ name: 'p', data: Buffer.alloc(900 << 10), method: 0 }]),
        })),
      ),
      want: [],
      unknowns: [
        { path: 'x.jar', reason: 'no pom.properties, manifest version or versioned file name' },
        ...[1, 2, 3].map((i) => ({
          path: `x.jar!/lib/pad${i}.jar`,
          reason: 'no pom.properties, manifest version or versioned file name',
        })),
        {
          path: 'x.jar!/lib/pad4.jar',
          reason: 'lib/pad4.jar: declares 921700 bytes, over the 380628-byte limit',
        },
      ],
    },
    {
      name: 'pom.properties without a version, a corrupt nested jar',
      buf: jar([
        {
          name: 'META-INF/maven/g/a/pom.properties',
          data: Buffer.from('groupId=g\nartifactId=a\n'),
        },
        { name: 'lib/broken-2.jar', data: Buffer.from('garbage') },
      ]),
      want: [],
      unknowns: [
        {
          path: 'x.jar',
          reason: 'META-INF/maven/g/a/pom.properties: no groupId, artifactId and version',
        },
        { path: 'x.jar', reason: 'no pom.properties, manifest version or versioned file name' },
        { path: 'x.jar!/lib/broken-2.jar', reason: 'too short to be a zip file' },
      ],
    },
  ])('$name', async ({ buf, want, unknowns }) => {
    const got = await parseJavaArchive(input('x.jar', buf), small)

    expect(got.packages.map((p) => p.purl)).toEqual(want)
    expect(got.unknowns).toEqual(unknowns)
  })

  it('a jar that contains itself recursively stops at the depth limit', async () => {
    let inner = writeZip([
      { name: 'META-INF/maven/g/a/pom.properties', data: Buffer.from('version=1\n') },
    ])
    for (let i = 0; i < 8; i++) inner = writeZip([{ name: 'self.jar', data: inner, method: 0 }])

    const got = await parseJavaArchive(input('r.jar', inner), { ...small, maxDepth: 3 })

    expect(got.packages).toEqual([])
    expect(got.unknowns.at(-1)).toEqual({
      path: 'r.jar!/self.jar!/self.jar!/self.jar!/self.jar',
      reason: 'nested deeper than 3 archives',
    })
  })
})

describe('java: match', () => {
  it.each([
    { path: 'usr/share/java/log4j-1.2.jar', want: true },
    { path: 'opt/app/ROOT.WAR', want: true },
    { path: 'opt/jenkins/plugins/git.hpi', want: true },
    { path: 'opt/app/app.jar.sha1', want: false },
    { path: 'opt/app/readme.txt', want: false },
  ])('$path', ({ path, want }) => {
    expect(java.match(path)).toBe(want)
  })
})
