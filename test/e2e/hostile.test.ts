import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ScanReport } from '../../src/core/index.js'
import { bulwark } from '../cli.js'
import { buildImage, writeOciLayout, type BuildOptions, type ImageSpec } from '../images.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-hostile-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const app = {
  'app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.15', license: 'MIT' }),
}

async function layout(name: string, spec: ImageSpec, opts: BuildOptions = {}): Promise<string> {
  const dir = join(root, name)
  writeOciLayout(dir, [{ image: await buildImage(spec, opts), tag: 'x' }])
  return `oci:${dir}:x`
}

describe('hostile images at the CLI', () => {
  it.each([
    { name: 'truncated gzip', opts: { corrupt: { truncateLayer: 1 } }, code: 'layer 1', want: /corrupt|truncat|unexpected end/i },
    { name: 'layer digest mismatch', opts: { corrupt: { wrongDigest: 1 } }, code: 'layer 1', want: /digest/i },
    { name: 'diffID mismatch', opts: { corrupt: { wrongDiffId: 0 } }, code: 'layer 0', want: /diff/i },
    { name: 'absurd layer size', opts: { corrupt: { layerSize: 2 ** 62 } }, code: '', want: /size/i },
  ])('$name aborts with exit 2 naming the image and the problem', async ({ name, opts, code, want }) => {
    const ref = await layout(name.replace(/\W+/g, '-'), { layers: [{ files: { 'etc/hostname': 'x\n' } }, { files: app }] }, opts as BuildOptions)

    const r = await bulwark(['sbom', ref, '--no-cache', '--format', 'json'])

    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(ref.slice(4, -2))
    expect(r.stderr).toMatch(want)
    if (code) expect(r.stderr).toContain(code)
  })

  it('skips ../ and absolute entries with a warning and still inventories the rest', async () => {
    const escape = join(root, 'escaped.txt')
    const ref = await layout('traversal', {
      layers: [
        {
          files: app,
          raw: [
            { name: '../../../../../../../../escaped.txt', content: 'owned' },
            { name: `/${escape.slice(1)}`, content: 'owned' },
            { name: 'loop/a', type: 'symlink', linkname: 'b' },
            { name: 'loop/b', type: 'symlink', linkname: 'a' },
            { name: 'out', type: 'symlink', linkname: '../../../../etc/shadow' },
          ],
        },
      ],
    })

    const r = await bulwark(['sbom', ref, '--no-cache', '--format', 'json'])

    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as ScanReport
    expect(report.packages.map((p) => p.purl)).toEqual(['pkg:npm/lodash@4.17.15'])
    expect(report.warnings.join('\n')).toMatch(/\.\.\/escaped\.txt/)
    expect(existsSync(escape)).toBe(false)
    expect(readdirSync(root).filter((f) => f.includes('escaped'))).toEqual([])
  })

  it('caps decompressed content per file and per image (exit 2)', async () => {
    const big = { layers: [{ files: { ...app, 'app/node_modules/x/package.json': 'x'.repeat(2 * 1024 * 1024) } }] }
    const ref = await layout('big', big)

    const perFile = await bulwark(['sbom', ref, '--no-cache', '--max-file-size', '1MiB'])
    const perImage = await bulwark(['sbom', ref, '--no-cache', '--max-image-size', '1MiB'])

    expect(perFile.code).toBe(2)
    expect(perFile.stderr).toMatch(/size|limit|cap/i)
    expect(perImage.code).toBe(2)
    expect(perImage.stderr).toMatch(/size|limit|cap/i)
  })

  it('rejects a malformed reference and a missing image with exit 2', async () => {
    const bad = await bulwark(['sbom', 'oci-archive:'])
    const missing = await bulwark(['sbom', `oci:${join(root, 'nope')}:x`])

    expect(bad.code).toBe(2)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope')
  })
})
