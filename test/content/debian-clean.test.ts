import { describe, expect, it } from 'vitest'
import { checkImageConfig, contentFindings, contentScanners } from '../../src/content/index.js'
import { analyzers, inventoryImage } from '../../src/inventory/index.js'
import { openImage } from '../../src/oci/index.js'
import { ensureTestImage } from '../fixtures.js'

describe('the clean Debian test image', () => {
  it('gives zero secret and malware findings (a false positive is a defect)', async () => {
    const img = await ensureTestImage()
    const source = await openImage(img.ociRef, {})
    try {
      const inventory = await inventoryImage(source, { analyzers, scanners: contentScanners() })

      const findings = contentFindings({ metadata: source.metadata, layers: inventory.scanners, packages: inventory.packages })

      expect(findings.filter((f) => f.kind === 'secret' || f.kind === 'malware')).toEqual([])
      // The scanners did run: the base layer's setuid binaries are seen (and owned by packages).
      expect(inventory.scanners[0]?.malware).toMatchObject({ type: 'malware' })
      const setuid = (inventory.scanners[0]?.malware as { facts: { fact: string }[] }).facts.filter((f) => f.fact === 'setuid')
      expect(setuid.length).toBeGreaterThan(5)
      // What the config does say: root user and no health check (the fixture sets neither).
      expect(checkImageConfig(source.metadata).map((f) => f.id)).toEqual(['IMG-001', 'IMG-002'])
    } finally {
      await source.close()
    }
  })
})
