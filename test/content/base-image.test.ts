import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScanReport } from '../../src/core/index.js'
import { bulwark } from '../cli.js'
import { ensureTestImage } from '../fixtures.js'
import { buildImage, writeOciLayout, type LayerSpec } from '../images.js'

// A base image of two layers (an OS release file; then dpkg's database with util-linux, which
// owns the setuid /usr/bin/su, all real Debian files) and an app image built on it (one more layer).
let dir: string

beforeAll(async () => {
  const rootfs = (await ensureTestImage()).rootfsDir
  const read = (p: string): Buffer => readFileSync(join(rootfs, p))
  const os: LayerSpec = { files: { 'etc/os-release': { content: read('usr/lib/os-release') } } }
  const packages: LayerSpec = {
    files: {
      'var/lib/dpkg/status': { content: read('var/lib/dpkg/status') },
      'var/lib/dpkg/info/util-linux.list': { content: read('var/lib/dpkg/info/util-linux.list') },
      'usr/bin/su': { content: read('usr/bin/su'), mode: 0o4755 },
    },
  }
  const app: LayerSpec = { files: { 'app/run.sh': '#!/bin/sh\nexec sleep 1\n' } }
  dir = mkdtempSync(join(tmpdir(), 'bulwark-base-'))
  writeOciLayout(dir, [
    { image: await buildImage({ layers: [os, packages] }), tag: 'base' },
    { image: await buildImage({ layers: [os, packages, app] }), tag: 'app' },
    { image: await buildImage({ layers: [app] }), tag: 'other' },
  ])
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function scan(args: string[]): Promise<ScanReport> {
  const r = await bulwark(['image', `oci:${dir}:app`, '--format', 'json', '--no-cache', '--quiet', ...args])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as ScanReport
}

const added = (r: ScanReport) => r.findings.filter((f) => f.id === 'setuid-added').map((f) => f.location?.path)

describe('bulwark image --base', () => {
  it('counts the layers the image shares with its base as the base', async () => {
    // without --base only the first layer is the base: su, installed in layer 1, is "added above it"
    expect(added(await scan([]))).toEqual(['usr/bin/su'])
    expect(added(await scan(['--base', `oci:${dir}:base`]))).toEqual([])
  })

  it('warns when the base shares no layer, and exits 2 when it cannot be opened', async () => {
    const none = await scan(['--base', `oci:${dir}:other`])
    expect(added(none)).toEqual(['usr/bin/su'])
    expect(none.warnings.join('\n')).toContain('shares no layer with this image')
    const missing = await bulwark(['image', `oci:${dir}:app`, '--format', 'json', '--no-cache', '--quiet', '--base', `oci:${dir}:nope`])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope')
  })
})
