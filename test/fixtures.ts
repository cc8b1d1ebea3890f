import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { AppError } from '../src/core/index.js'

/**
 * The real images tests and benchmarks run on, built by scripts/fixtures/*.sh into a cache keyed by the
 * scripts' hash (BULWARK_FIXTURES, default /var/tmp/bulwark-fixtures). The first call builds (the test
 * image needs root: debootstrap); later calls, other workers and later runs reuse the cached build.
 * testdata/images/README.md describes what each image holds.
 */

/** A fixture that could not be built or does not hold what it should. */
export class FixtureError extends AppError<'FIXTURE_BUILD_FAILED' | 'FIXTURE_INVALID'> {}

/** One installed package as `dpkg-query` lists it. */
export interface DpkgRow {
  readonly name: string
  readonly version: string
  readonly arch: string
}

const pkgSchema = z.object({
  ecosystem: z.enum(['npm', 'pypi', 'maven']),
  name: z.string(),
  version: z.string(),
  purl: z.string().startsWith('pkg:'),
  path: z.string().startsWith('/'),
  lockfile: z.string().optional(),
  lockfileVersion: z.number().optional(),
})

const goSchema = z.object({
  path: z.string(),
  goVersion: z.string().nullable(),
  mainPath: z.string().nullable(),
  modules: z.array(
    z.object({
      kind: z.enum(['mod', 'dep']),
      path: z.string(),
      version: z.string(),
      sum: z.string().nullable(),
      purl: z.string(),
    }),
  ),
  readBy: z.string().nullable(),
})

const manifestSchema = z.object({
  schema: z.literal(1),
  image: z.record(z.string(), z.string()),
  os: z
    .object({
      id: z.string(),
      versionId: z.string(),
      versionCodename: z.string().optional(),
      prettyName: z.string(),
    })
    .nullable(),
  layers: z.array(z.object({ index: z.number(), createdBy: z.string() })),
  packages: z.array(pkgSchema),
  go: z.array(goSchema),
  deleted: z.array(z.object({ path: z.string(), packages: z.array(pkgSchema) })),
  whiteouts: z.array(z.string()),
})

/** What a fixture holds beyond its dpkg database (manifest.json written by write-manifest.js). */
export type FixtureManifest = z.infer<typeof manifestSchema>
/** One language package placed in a fixture image, with the purl Bulwark should report. */
export type FixturePackage = z.infer<typeof pkgSchema>

/** The three-layer test image in every form Bulwark reads. */
export interface TestImage {
  /** The cache directory holding everything below. */
  readonly dir: string
  readonly ociDir: string
  readonly tag: string
  /** `oci:DIR:TAG` */
  readonly ociRef: string
  readonly dockerArchive: string
  /** `docker-archive:FILE` */
  readonly dockerArchiveRef: string
  readonly ociArchive: string
  /** `oci-archive:FILE:TAG` */
  readonly ociArchiveRef: string
  /** Layer 1 (the Debian OS) unpacked; `rootfs:DIR` scans it. */
  readonly rootfsDir: string
  readonly rootfsRef: string
  /** Layer 1 as an uncompressed tar. */
  readonly rootfsTar: string
  /** Every installed dpkg package of layer 1, sorted by name. */
  readonly expectedDpkg: readonly DpkgRow[]
  readonly extras: FixtureManifest
}

/** The small demo image of the README's first command. */
export interface DemoImage {
  readonly dir: string
  readonly ociDir: string
  readonly tag: string
  readonly ociRef: string
  readonly expectedDpkg: readonly DpkgRow[]
  readonly extras: FixtureManifest
}

const SCRIPTS = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'scripts', 'fixtures')
const BUILD_TIMEOUT_MS = 10 * 60_000

/** Runs a fixture script; resolves to the last line it printed (its output path). */
function runScript(name: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', [join(SCRIPTS, name)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: BUILD_TIMEOUT_MS,
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.on('error', (err) =>
      fail(new FixtureError('FIXTURE_BUILD_FAILED', `${name}: cannot start`, { cause: err })),
    )
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? ''
      if (code === 0 && last.startsWith('/')) done(last)
      else
        fail(
          new FixtureError(
            'FIXTURE_BUILD_FAILED',
            `${name} failed (exit ${code ?? signal}); its log is on stderr above`,
          ),
        )
    })
  })
}

/** Parses expected-dpkg.tsv (Package, Version, Architecture per line). */
export function parseDpkgTsv(text: string): DpkgRow[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const [name, version, arch, extra] = line.split('\t')
      if (!name || !version || !arch || extra !== undefined)
        throw new FixtureError('FIXTURE_INVALID', `bad expected-dpkg line: ${line}`)
      return { name, version, arch }
    })
}

async function readFixture(
  dir: string,
): Promise<{ expectedDpkg: DpkgRow[]; extras: FixtureManifest }> {
  const expectedDpkg = parseDpkgTsv(await readFile(join(dir, 'expected-dpkg.tsv'), 'utf8'))
  const parsed = manifestSchema.safeParse(
    JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')),
  )
  if (!parsed.success)
    throw new FixtureError('FIXTURE_INVALID', `${dir}/manifest.json: ${parsed.error.message}`)
  return { expectedDpkg, extras: parsed.data }
}

async function loadTestImage(): Promise<TestImage> {
  const dir = await runScript('build-test-image.sh')
  const tag = 'test'
  const ociDir = join(dir, 'oci')
  const dockerArchive = join(dir, 'image-docker.tar')
  const ociArchive = join(dir, 'image-oci.tar')
  const rootfsDir = join(dir, 'rootfs')
  return {
    dir,
    ociDir,
    tag,
    ociRef: `oci:${ociDir}:${tag}`,
    dockerArchive,
    dockerArchiveRef: `docker-archive:${dockerArchive}`,
    ociArchive,
    ociArchiveRef: `oci-archive:${ociArchive}:${tag}`,
    rootfsDir,
    rootfsRef: `rootfs:${rootfsDir}`,
    rootfsTar: join(dir, 'rootfs.tar'),
    ...(await readFixture(dir)),
  }
}

async function loadDemoImage(): Promise<DemoImage> {
  const ociDir = await runScript('build-demo-image.sh')
  const dir = resolve(ociDir, '..')
  return { dir, ociDir, tag: 'demo', ociRef: `oci:${ociDir}:demo`, ...(await readFixture(dir)) }
}

let testImage: Promise<TestImage> | undefined
let demoImage: Promise<DemoImage> | undefined

/** The test image, built on first use (needs root; CI builds it in .ci/run beforehand). */
export function ensureTestImage(): Promise<TestImage> {
  testImage ??= loadTestImage()
  testImage.catch(() => (testImage = undefined))
  return testImage
}

/** The demo image (no root needed, ~10 s on first use). */
export function ensureDemoImage(): Promise<DemoImage> {
  demoImage ??= loadDemoImage()
  demoImage.catch(() => (demoImage = undefined))
  return demoImage
}
