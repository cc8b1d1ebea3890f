import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '../../src/core/index.js'
import { checkImageConfig, contentFindings, contentScanners } from '../../src/content/index.js'
import { analyzers, inventoryImage, type Inventory } from '../../src/inventory/index.js'
import { openImage } from '../../src/oci/index.js'
import { ensureTestImage } from '../fixtures.js'
import { buildImage, writeOciLayout } from '../images.js'
import { DELETED, PLANTED_FACTS, plantedImage } from './planted-image.js'
import type { PlantedMalware, PlantedSecret } from './planted.js'

let dir: string
let findings: Finding[]
let inventory: Inventory
let secrets: PlantedSecret[]
let malware: PlantedMalware[]

beforeAll(async () => {
  const base = await ensureTestImage()
  const planted = plantedImage(base.rootfsDir)
  secrets = planted.secrets
  malware = planted.malware
  dir = mkdtempSync(join(tmpdir(), 'bulwark-planted-'))
  writeOciLayout(dir, [{ image: await buildImage(planted.spec), tag: 'planted' }])
  const source = await openImage(`oci:${dir}:planted`, {})
  try {
    inventory = await inventoryImage(source, { analyzers, scanners: contentScanners() })
    findings = [
      ...checkImageConfig(source.metadata),
      ...contentFindings({ metadata: source.metadata, layers: inventory.scanners, packages: inventory.packages, deletions: inventory.deletions }),
    ]
  } finally {
    await source.close()
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function at(id: string, path: string): Finding[] {
  return findings.filter((f) => f.id === id && f.location?.path === path)
}

describe('planted image: secrets', () => {
  it('finds every planted secret in layer 1 with its line, deleted or not', () => {
    for (const s of secrets) {
      const hit = at(s.rule, s.path).filter((f) => f.location?.startLine === s.line)
      expect(hit, `${s.rule} in ${s.path}:${s.line}`).toHaveLength(1)
      expect(hit[0]?.kind).toBe('secret')
      expect(hit[0]?.location?.layerIndex).toBe(1)
      expect(hit[0]?.location?.layerDiffId).toMatch(/^sha256:/)
    }
  })

  it('never shows a raw secret in any field', () => {
    const out = JSON.stringify(findings)

    for (const s of secrets) for (const raw of s.raw) expect(out.includes(raw), `${s.rule} leaked`).toBe(false)
    expect(out).toContain('AKIA************MPLE')
  })

  it('reports deleted files too: the deletion does not remove them from the image', () => {
    expect(DELETED.some((p) => p === 'root/.aws/credentials')).toBe(true)
    expect(at('aws-access-key-id', 'root/.aws/credentials')).toHaveLength(1)
    expect(at('private-key', 'root/.ssh/id_rsa')[0]?.location?.layerIndex).toBe(1)
  })

  it('says which layer deleted a file, and only for deleted files', () => {
    const deleted = findings.filter((f) => f.location?.path !== undefined && (DELETED as readonly string[]).includes(f.location.path))
    expect(deleted.length).toBeGreaterThanOrEqual(DELETED.length)
    for (const f of deleted) {
      expect(f.details?.['deletedInLayer'], `${f.id} ${f.location?.path}`).toBe(2)
      expect(f.description).toContain('Deleted in layer 2 (/bin/sh -c rm -rf /root/.aws')
      expect(f.description).toContain('yet still in layer 1')
    }
    const kept = findings.filter((f) => f.location?.layerIndex === 1 && f.location.path !== undefined && !(DELETED as readonly string[]).includes(f.location.path))
    expect(kept.length).toBeGreaterThan(0)
    for (const f of kept) expect(f.details?.['deletedInLayer'], `${f.id} ${f.location?.path}`).toBeUndefined()
  })
})

describe('planted image: malicious content', () => {
  it('finds every planted malicious file with its layer', () => {
    for (const m of malware) {
      const hit = at(m.rule, m.path)
      expect(hit, `${m.rule} in ${m.path}`).toHaveLength(1)
      expect(hit[0]?.kind).toBe('malware')
      expect(hit[0]?.location?.layerIndex).toBe(1)
      if (m.line) expect(hit[0]?.location?.startLine).toBe(m.line)
    }
  })

  it('finds persistence, preload, authorized_keys and the unowned setuid file; not the owned su', () => {
    for (const f of PLANTED_FACTS) expect(at(f.id, f.at ?? f.path), `${f.id} ${f.path}`).toHaveLength(1)
    expect(at('persistence-cron', 'etc/cron.d/sysupdate')[0]?.severity).toBe('critical')
    expect(findings.filter((f) => f.location?.path === 'usr/bin/su')).toEqual([])
    expect(findings.filter((f) => f.location?.path === 'etc/cron.daily/dpkg')).toEqual([])
  })

  it('maps ATT&CK: miners to impact, backdoors to persistence, keys to credential access', () => {
    expect(at('miner-xmrig-config', 'opt/.x/config.json')[0]?.attack).toEqual({ tactic: 'impact', technique: 'T1496' })
    expect(at('web-shell-php', 'var/www/html/wp-content/uploads/img.php')[0]?.attack).toEqual({ tactic: 'persistence', technique: 'T1525' })
    expect(at('aws-access-key-id', 'root/.aws/credentials')[0]?.attack).toEqual({ tactic: 'credential-access', technique: 'T1552.001' })
    expect(at('kubeconfig-credentials', 'root/.kube/config')[0]?.attack?.tactic).toBe('initial-access')
  })
})

describe('planted image: configuration', () => {
  it('flags root, no health check and port 22', () => {
    expect(findings.filter((f) => f.kind === 'image-config').map((f) => f.id)).toEqual(expect.arrayContaining(['IMG-001', 'IMG-002', 'IMG-003']))
  })

  it('inventories the real Debian base: util-linux owns su as /bin/su (merged /usr)', () => {
    const pkg = inventory.packages.find((p) => p.name === 'util-linux')

    expect(pkg?.files?.map((f) => f.replace(/^\/+/, ''))).toContain('bin/su')
  })
})
