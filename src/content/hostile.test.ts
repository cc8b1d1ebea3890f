import { describe, expect, it } from 'vitest'
import type { ImageMetadata } from '../core/index.js'
import { contentFindings } from './index.js'
import { scanMalwareText } from './malware/scan.js'
import { scanSecrets } from './secrets/scan.js'

const META: ImageMetadata = { reference: 'oci:/x:t', sourceType: 'oci', config: {}, layers: [{ index: 0, diffId: `sha256:${'1'.repeat(64)}`, size: 1 }], size: 1 }

describe('hostile content', () => {
  it.each([
    { name: 'a PEM header without an end, then 2 MB of base64', body: `-----BEGIN RSA PRIVATE KEY-----\n${'QUJD'.repeat(512 * 1024)}` },
    { name: 'one 4 MB line of keyword soup', body: 'AKIA ghp_ postgres:// eyJ /dev/tcp/ $_GET stratum+tcp:// '.repeat(70_000) },
    { name: 'invalid UTF-8', body: Buffer.from([0xff, 0xfe, 0x41, 0x4b, 0x49, 0x41, 0xc3, 0x28, 0x0a]) },
    { name: 'a database URL prefix repeated without an @', body: 'postgres://u:'.repeat(200_000) },
  ])('$name: finishes quickly and finds nothing', ({ body }) => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body)
    const start = performance.now()

    const hits = [...scanSecrets(buf, 'srv/x'), ...scanMalwareText(buf, 'srv/x')]

    expect(hits).toEqual([])
    expect(performance.now() - start).toBeLessThan(5000)
  })

  it('corrupt or foreign cached layer results are ignored, not trusted', () => {
    const layers = [{ secrets: { type: 'secrets', hits: [{ path: 1 }] }, other: 'x', malware: null }]

    expect(contentFindings({ metadata: META, layers, packages: [] })).toEqual([])
  })
})
