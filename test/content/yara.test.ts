import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contentFindings, contentScanners, contentWarnings } from '../../src/content/index.js'
import { inventoryImage } from '../../src/inventory/index.js'
import { openImage } from '../../src/oci/index.js'
import { buildImage, writeOciLayout } from '../images.js'
import { eicar } from './planted.js'

// Debian's yara (CI installs it: .ci/run APT_PACKAGES). Rules are written here, in YARA's syntax.
// ref: https://yara.readthedocs.io/en/v4.2.3/writingrules.html
const RULES = `
rule eicar_test_file {
  strings:
    $a = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" ascii
  condition:
    $a at 28
}
rule xmrig_config {
  strings:
    $d = "\\"donate-level\\"" ascii
    $p = "\\"pools\\"" ascii
  condition:
    all of them
}
`

const work = mkdtempSync(join(tmpdir(), 'bulwark-yara-test-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('YARA scanner with Debian yara', () => {
  it('is installed', () => {
    expect(spawnSync('yara', ['--version']).status).toBe(0)
  })

  it('runs user rules once per layer over spooled files, deleted files included', async () => {
    const rules = join(work, 'rules.yar')
    writeFileSync(rules, RULES)
    const img = await buildImage({
      layers: [
        { files: { 'opt/e/eicar.com': { content: eicar() }, 'etc/hostname': 'box\n' } },
        { files: { 'srv/miner/config.json': '{ "donate-level": 1, "pools": [] }\n' }, whiteouts: ['opt/e'] },
      ],
    })
    const layout = join(work, 'oci')
    writeOciLayout(layout, [{ image: img, tag: 'y' }])
    const source = await openImage(`oci:${layout}:y`, {})
    try {
      const scanners = contentScanners({ yaraRules: [rules], tmpDir: work })
      const inv = await inventoryImage(source, { analyzers: [], scanners })

      const yara = contentFindings({ metadata: source.metadata, layers: inv.scanners, packages: [] }).filter((f) => f.id.startsWith('yara:'))

      expect(yara.map((f) => [f.id, f.location?.path, f.location?.layerIndex])).toEqual([
        ['yara:eicar_test_file', 'opt/e/eicar.com', 0],
        ['yara:xmrig_config', 'srv/miner/config.json', 1],
      ])
      expect(contentWarnings(inv.scanners)).toEqual([])
      expect(readdirSync(work).filter((n) => n.startsWith('bulwark-yara-'))).toEqual([])
    } finally {
      await source.close()
    }
  })

  it('rejects rules that do not compile, and a missing yara binary, as usage errors', () => {
    const bad = join(work, 'bad.yar')
    writeFileSync(bad, 'rule broken { condition: $nope }\n')

    expect(() => contentScanners({ yaraRules: [bad] })).toThrow(expect.objectContaining({ name: 'UserError', code: 'CONFIG_INVALID' }))
    expect(() => contentScanners({ yaraRules: [bad], yaraBinary: '/nonexistent/yara' })).toThrow(expect.objectContaining({ name: 'UserError', code: 'ARG_INVALID' }))
  })
})
