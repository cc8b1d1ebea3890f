import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'
import { ensureTestImage, type TestImage } from '../fixtures.js'

// The tests run the CLI in process from src/; users run bin/bulwark.cjs, which runs the esbuild
// bundle (scripts/bundle.mjs): the CommonJS one with a V8 code cache, or the ES module one with
// BULWARK_CODE_CACHE=off. These check that both, rebuilt from the current sources, behave
// exactly like the sources.
const repo = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
let image: TestImage
// the code cache goes to BULWARK_CACHE_DIR/code: a fresh one for these tests
const cacheDir = mkdtempSync(join(tmpdir(), 'bulwark-bin-cache-'))
const codeDir = join(cacheDir, 'code')
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

beforeAll(async () => {
  await run(process.execPath, [join(repo, 'scripts', 'bundle.mjs')])
  image = await ensureTestImage()
}, 120_000)

async function bin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repo, 'bin', 'bulwark.cjs'), ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, BULWARK_CACHE_DIR: cacheDir, ...env },
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const noTime = (s: string): string => s.replace(/"createdAt":\s*"[^"]*"/g, '')

describe('bin/bulwark.cjs (the bundled CLI)', () => {
  it('prints the package version', async () => {
    const r = await bin(['--version'])
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it.each(['cjs', 'esm'])('gives the same SBOM as the sources, for JSON and CycloneDX (%s bundle)', async (kind) => {
    for (const format of ['json', 'cyclonedx']) {
      const args = ['sbom', image.ociRef, '--format', format, '--no-cache', '--quiet']
      const [viaBin, inProcess] = await Promise.all([bin(args, kind === 'esm' ? { BULWARK_CODE_CACHE: 'off' } : {}), bulwark(args)])
      expect(viaBin.code, viaBin.stderr).toBe(0)
      expect(viaBin.stderr).toBe('')
      if (format === 'json') expect(noTime(viaBin.stdout)).toBe(noTime(inProcess.stdout))
      else {
        const strip = (s: string): unknown => {
          const d = JSON.parse(s) as { serialNumber?: string; metadata?: { timestamp?: string } }
          delete d.serialNumber
          delete d.metadata?.timestamp
          return d
        }
        expect(strip(viaBin.stdout)).toEqual(strip(inProcess.stdout))
      }
    }
  })

  it('exits 2 naming the image for a source that does not exist', async () => {
    const r = await bin(['sbom', 'oci:/nonexistent/layout', '--quiet'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('/nonexistent/layout')
  })

  it('writes a code cache per command, runs from it, and survives a corrupt one', async () => {
    rmSync(codeDir, { recursive: true, force: true })
    const args = ['sbom', image.ociRef, '--format', 'json', '--no-cache', '--quiet']
    const first = await bin(args)
    expect(first.code, first.stderr).toBe(0)
    const files = readdirSync(codeDir)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^main-\d+-\d+-v\d+\.\d+\.\d+-\w+-sbom\.v8$/)
    const cache = join(codeDir, files[0] as string)
    const written = statSync(cache).mtimeMs
    const size = statSync(cache).size
    expect(size).toBeGreaterThan(10_000)

    const second = await bin(args)
    expect(noTime(second.stdout)).toBe(noTime(first.stdout))
    expect(statSync(cache).mtimeMs).toBe(written) // accepted: not rewritten

    writeFileSync(cache, readFileSync(cache).subarray(0, 4096)) // truncated
    const third = await bin(args)
    expect(third.code, third.stderr).toBe(0)
    expect(noTime(third.stdout)).toBe(noTime(first.stdout))
    expect(statSync(cache).size).toBeGreaterThan(4096) // rejected, and written again

    const version = await bin(['--version'])
    expect(version.code).toBe(0)
    expect(readdirSync(codeDir).sort()).toEqual([files[0], (files[0] as string).replace(/sbom\.v8$/, 'other.v8')].sort())
  })

  it('neither reads nor writes a code cache in a directory others may write to', async () => {
    rmSync(codeDir, { recursive: true, force: true })
    const args = ['sbom', image.ociRef, '--format', 'json', '--no-cache', '--quiet']
    const first = await bin(args)
    const [name] = readdirSync(codeDir)
    const cache = join(codeDir, name as string)
    chmodSync(codeDir, 0o777)
    writeFileSync(cache, 'planted by someone else')
    try {
      const second = await bin(args)
      expect(second.code, second.stderr).toBe(0)
      expect(noTime(second.stdout)).toBe(noTime(first.stdout))
      expect(readFileSync(cache, 'utf8')).toBe('planted by someone else') // not read (it would be rejected and rewritten)
    } finally {
      chmodSync(codeDir, 0o700)
    }
  })

  it('loads ES-module-only packages (the CEL evaluator of custom checks) from the CommonJS bundle', async () => {
    const T = join(repo, 'test', 'k8s', 'testdata')
    const args = ['config', join(T, 'hardened.yaml'), '--checks', join(T, 'custom-checks'), '--format', 'json']
    const [viaBin, inProcess] = await Promise.all([bin(args), bulwark(args)])
    expect(viaBin.stderr).toBe(inProcess.stderr)
    expect(viaBin.code).toBe(inProcess.code)
    expect(noTime(viaBin.stdout)).toBe(noTime(inProcess.stdout))
    expect(viaBin.stdout).toContain('team') // the custom check ran
  })

  it('ends quietly with 141 (as on SIGPIPE) when its reader closes the pipe early', async () => {
    const sh = `node ${JSON.stringify(join(repo, 'bin', 'bulwark.cjs'))} sbom ${JSON.stringify(image.ociRef)} --format json --no-cache --quiet | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`
    const r = await run('bash', ['-c', sh], { env: { ...process.env, BULWARK_CACHE_DIR: cacheDir } })
    expect(r.stdout.trim()).toBe('rc=141')
    expect(r.stderr).toBe('')
  })
})
