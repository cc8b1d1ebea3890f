import { describe, expect, it } from 'vitest'
import type { Finding, ImageMetadata } from '../../core/index.js'
import { markDeleted } from './deletions.js'

const m = {
  layers: [{ index: 0, createdBy: 'base' }, { index: 1, createdBy: 'COPY . /' }, { index: 2 }, { index: 3, createdBy: 'rm -rf /srv' }],
} as unknown as ImageMetadata
const finding = (path: string, layerIndex: number): Finding =>
  ({ id: 'x', kind: 'secret', severity: 'high', title: 't', description: 'found.', target: { type: 'image', name: 'i' }, location: { path, layerIndex }, references: [], source: { plugin: 'p', version: '1' } }) as Finding

describe('markDeleted', () => {
  const deletions = [
    { whiteouts: [], opaques: [] },
    { whiteouts: [], opaques: [] },
    { whiteouts: ['app/.env', 'etc/ssl'], opaques: ['opt/data'] },
    { whiteouts: ['srv'], opaques: [] },
  ]

  it.each([
    { path: 'app/.env', at: 1, want: 2 }, // the file itself
    { path: 'etc/ssl/private/key.pem', at: 1, want: 2 }, // a folder above it
    { path: 'opt/data/dump.sql', at: 0, want: 2 }, // an opaque folder above it
    { path: 'opt/data/dump.sql', at: 2, want: undefined }, // the opaque folder's own layer keeps its files
    { path: 'srv/a/b', at: 2, want: 3 },
    { path: 'app/.env', at: 2, want: undefined }, // re-added in the deleting layer: not deleted above it
    { path: 'app/.envrc', at: 1, want: undefined }, // a name that only starts the same
    { path: 'optional/x', at: 0, want: undefined },
  ])('$path in layer $at: deleted in $want', ({ path, at, want }) => {
    const [f] = markDeleted([finding(path, at)], m, deletions)
    expect(f?.details?.['deletedInLayer']).toBe(want)
    if (want !== undefined) expect(f?.description).toMatch(/^found\. Deleted in layer \d+/)
    else expect(f?.description).toBe('found.')
  })

  it('names the deleting layer by its history and leaves findings without a layer as they are', () => {
    const [f] = markDeleted([finding('srv/k', 1)], m, deletions)
    expect(f?.description).toBe('found. Deleted in layer 3 (rm -rf /srv), yet still in layer 1 (COPY . /): anyone who pulls the image can read it.')
    const bare = { ...finding('a', 0), location: { path: 'a' } } as Finding
    expect(markDeleted([bare], m, deletions)).toEqual([bare])
    expect(markDeleted([finding('app/.env', 1)], m, undefined)[0]?.details).toBeUndefined()
  })
})
