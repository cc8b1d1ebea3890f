import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildImage, writeOciLayout, type Compression, type ImageSpec } from '../../test/images.js'
import type { ImageSource, ResultCache } from '../core/index.js'
import { openImage } from '../oci/index.js'
import { analyzers } from './analyzers/index.js'
import { inventoryImage } from './inventory.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-inventory-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const pkg = (name: string, version: string) =>
  JSON.stringify({ name, version, license: 'MIT' })

const SPEC: ImageSpec = {
  layers: [
    { files: { 'app/node_modules/left-pad/package.json': pkg('left-pad', '1.1.3') } },
    { files: { 'app/node_modules/lodash/package.json': pkg('lodash', '4.17.15') }, whiteouts: ['app/node_modules/left-pad'] },
  ],
}

class MapCache implements ResultCache {
  readonly map = new Map<string, string>()
  readonly gets: string[] = []
  async get(key: string) {
    this.gets.push(key)
    return this.map.get(key)
  }
  async set(key: string, value: string) {
    this.map.set(key, value)
  }
}

async function open(compression: Compression): Promise<{ source: ImageSource; walks: () => number }> {
  const img = await buildImage(SPEC, { compression })
  writeOciLayout(join(root, compression), [{ image: img, tag: 't' }])
  const source = await openImage(`oci:${join(root, compression)}:t`)
  let n = 0
  const walkLayer = source.walkLayer.bind(source)
  return { source: { ...source, walkLayer: (i, v) => (n++, walkLayer(i, v)) }, walks: () => n }
}

describe('inventoryImage caching', () => {
  it('serves an unchanged image whole from the cache, reading no layer, with the same packages', async () => {
    const cache = new MapCache()
    const a = await open('gzip')
    const first = await inventoryImage(a.source, { analyzers, cache })
    expect(a.walks()).toBe(2)
    expect([...cache.map.keys()].filter((k) => k.startsWith('image/'))).toHaveLength(1)

    const b = await open('gzip')
    cache.gets.length = 0
    const second = await inventoryImage(b.source, { analyzers, cache })
    expect(b.walks()).toBe(0)
    expect(cache.gets.map((k) => k.split('/')[0])).toEqual(['image'])
    expect(second.packages).toEqual(first.packages)
    expect(second.packages.map((p) => p.name)).toEqual(['lodash'])
    expect(second.layers.map((l) => l.cached)).toEqual([true, true])
    expect(first.layers.map((l) => l.cached)).toEqual([false, false])
    await Promise.all([a.source.close(), b.source.close()])
  })

  it('keeps the image entry apart for the same layers stored differently (layer refs name their own blobs)', async () => {
    const cache = new MapCache()
    const gz = await open('gzip')
    await inventoryImage(gz.source, { analyzers, cache })
    const zst = await open('zstd')
    const inv = await inventoryImage(zst.source, { analyzers, cache })
    // Same diffIDs: layers come from the layer cache, but the image entry is a new one.
    expect(zst.walks()).toBe(0)
    expect([...cache.map.keys()].filter((k) => k.startsWith('image/'))).toHaveLength(2)
    const lodash = inv.packages.find((p) => p.name === 'lodash')
    expect(lodash?.layer?.digest).toBe(zst.source.metadata.layers[1]?.digest)
    expect(lodash?.layer?.digest).not.toBe(gz.source.metadata.layers[1]?.digest)
    await Promise.all([gz.source.close(), zst.source.close()])
  })
})
