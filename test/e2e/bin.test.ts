import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'
import { ensureTestImage, type TestImage } from '../fixtures.js'

// The tests run the CLI in process from src/; users run bin/bulwark.js, which loads the esbuild
// bundle (scripts/bundle.mjs). These check that the bundle, rebuilt from the current sources,
// behaves exactly like the sources.
const repo = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
let image: TestImage

beforeAll(async () => {
  await run(process.execPath, [join(repo, 'scripts', 'bundle.mjs')])
  image = await ensureTestImage()
}, 120_000)

async function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repo, 'bin', 'bulwark.js'), ...args], { maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const noTime = (s: string): string => s.replace(/"createdAt":\s*"[^"]*"/g, '')

describe('bin/bulwark.js (the bundled CLI)', () => {
  it('prints the package version', async () => {
    const r = await bin(['--version'])
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('gives the same SBOM as the sources, for JSON and CycloneDX', async () => {
    for (const format of ['json', 'cyclonedx']) {
      const args = ['sbom', image.ociRef, '--format', format, '--no-cache', '--quiet']
      const [viaBin, inProcess] = await Promise.all([bin(args), bulwark(args)])
      expect(viaBin.code, viaBin.stderr).toBe(0)
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
})
