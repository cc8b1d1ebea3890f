import { describe, expect, it } from 'vitest'
import type { LayerSummary } from '../inventory/index.js'
import { renderLayers } from './layers.js'
import { displayWidth } from './table-layout.js'

// Two layers as the inventory reports them for a Debian base plus an application layer.
const layers: LayerSummary[] = [
  {
    layer: {
      index: 0,
      digest: 'sha256:779617e30bc88632cc080b4f0276e02ef061a1cee71d0f830fc5d16ad2e22669',
      diffId: 'sha256:303cc3403f25f5456184a028fdb9e765ae68ff674cdfdafaa660f29ded17731a',
      size: 29_150_217,
      createdBy: '# debian.sh --arch amd64 out/ bookworm',
    },
    added: ['apt', 'bash', 'coreutils', 'dpkg'].map((name) => ({ type: 'deb', name, version: '1' })),
    removed: [],
    cached: false,
    entries: 8_912,
    bytes: 120_000_000,
  },
  {
    layer: { index: 1, diffId: 'sha256:' + 'ab'.repeat(32), size: 900, createdBy: 'RUN rm -rf /usr/share/doc\u001b[2J' },
    added: [{ type: 'npm', name: 'lodash', version: '4.17.15' }],
    removed: [{ type: 'deb', name: 'dpkg', version: '1' }],
    cached: true,
    entries: 3,
    bytes: 900,
  },
]

describe('renderLayers', () => {
  it('lists index, short digest, size, created_by and package changes', () => {
    const out = renderLayers('oci:/tmp/img:app', layers, 'table', { width: 200 })

    expect(out.split('\n')[0]).toBe('Layers of oci:/tmp/img:app')
    expect(out).toMatch(/│ 0 +│ 779617e30bc8 +│ 27\.8 MiB +│ # debian\.sh --arch amd64 out\/ bookworm +│ \+4 apt, bash, coreutils, … +│/)
    expect(out).toMatch(/│ 1 +│ abababababab +│ 900 B +│ RUN rm -rf \/usr\/share\/doc\?\[2J +│ \+1 lodash; -1 dpkg +│/)
  })

  it('fits the terminal width and strips escapes', () => {
    const out = renderLayers('oci:/tmp/img:app', layers, 'table', { width: 60 })

    expect(out).not.toContain('\u001b')
    for (const line of out.split('\n').filter((l) => /^[┌│├└]/.test(l))) expect(displayWidth(line)).toBeLessThanOrEqual(60)
  })

  it('renders JSON with stable keys', () => {
    const out = JSON.parse(renderLayers('oci:/tmp/img:app', layers, 'json')) as { reference: string; layers: LayerSummary[] }

    expect(out).toEqual({ reference: 'oci:/tmp/img:app', layers })
  })
})
