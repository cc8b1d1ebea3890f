import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contentFindings, contentScanners, parseHashList } from '../../src/content/index.js'
import { inventoryImage } from '../../src/inventory/index.js'
import { openImage } from '../../src/oci/index.js'
import { buildImage, writeOciLayout } from '../images.js'
import { base62 } from './planted.js'

const work = mkdtempSync(join(tmpdir(), 'bulwark-hashes-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('user known-bad hash lists', () => {
  it('finds a file by its SHA-256 in any layer, and a changed list changes the scanner id', async () => {
    const payload = Buffer.from(`#!/bin/sh\n# dropper ${base62(40)}\n`)
    const sha = createHash('sha256').update(payload).digest('hex')
    const list = parseHashList(`${sha}  Linux.Dropper.Test\n`)
    const img = await buildImage({ layers: [{ files: { 'usr/local/bin/helper': { content: payload, mode: 0o755 }, 'etc/hostname': 'x\n' } }] })
    writeOciLayout(join(work, 'oci'), [{ image: img, tag: 'h' }])
    const source = await openImage(`oci:${join(work, 'oci')}:h`, {})
    try {
      const scanners = contentScanners({ malwareHashes: list })
      const inv = await inventoryImage(source, { analyzers: [], scanners })

      const got = contentFindings({ metadata: source.metadata, layers: inv.scanners, packages: [] }).filter((f) => f.id === 'known-bad-hash')

      expect(got.map((f) => [f.location?.path, f.severity, f.evidence])).toEqual([['usr/local/bin/helper', 'critical', 'Linux.Dropper.Test']])
      expect(scanners.map((s) => s.id)).not.toEqual(contentScanners().map((s) => s.id))
    } finally {
      await source.close()
    }
  })
})
