import { describe, expect, it } from 'vitest'
import { isRepositoryName, isTag, parseDigest, parseRegistryPath } from './names.js'

describe('repository names', () => {
  it.each([
    { name: 'library/debian', want: true },
    { name: 'a', want: true },
    { name: 'my-org/sub_dir/app.v2', want: true },
    { name: 'a__b/c---d', want: true },
    { name: 'Upper/case', want: false },
    { name: 'a//b', want: false },
    { name: '-a', want: false },
    { name: 'a/', want: false },
    { name: 'a/../b', want: false },
    { name: 'a___b', want: false },
    { name: 'x'.repeat(256), want: false },
  ])('$name -> $want', ({ name, want }) => {
    expect(isRepositoryName(name)).toBe(want)
  })

  it.each([
    { tag: 'latest', want: true },
    { tag: '_x.y-z', want: true },
    { tag: '.hidden', want: false },
    { tag: 'a'.repeat(129), want: false },
  ])('tag $tag -> $want', ({ tag, want }) => {
    expect(isTag(tag)).toBe(want)
  })
})

describe('parseDigest', () => {
  const hex = 'a'.repeat(64)
  it('accepts sha256 and sha512', () => {
    expect(parseDigest(`sha256:${hex}`)).toEqual({ algorithm: 'sha256', hex, text: `sha256:${hex}` })
    expect(parseDigest(`sha512:${'b'.repeat(128)}`).algorithm).toBe('sha512')
  })
  it.each([`sha256:${hex.toUpperCase()}`, `sha256:${hex}0`, 'md5:abc', 'sha256', ':abc', `sha256:${'g'.repeat(64)}`])('refuses %s', (d) => {
    expect(() => parseDigest(d)).toThrow(expect.objectContaining({ code: 'DIGEST_INVALID' }))
  })
})

describe('parseRegistryPath', () => {
  it.each([
    { tail: '', want: { kind: 'base' } },
    { tail: '_catalog', want: { kind: 'catalog' } },
    { tail: 'a/b/manifests/latest', want: { kind: 'manifest', name: 'a/b', reference: 'latest' } },
    { tail: 'x/manifests/y/manifests/v1', want: { kind: 'manifest', name: 'x/manifests/y', reference: 'v1' } },
    { tail: 'a/blobs/uploads/', want: { kind: 'upload', name: 'a', uuid: '' } },
    { tail: 'a/blobs/uploads/123', want: { kind: 'upload', name: 'a', uuid: '123' } },
    { tail: 'blobs/blobs/sha256:1', want: { kind: 'blob', name: 'blobs', digest: 'sha256:1' } },
    { tail: 'a/b/tags/list', want: { kind: 'tags', name: 'a/b' } },
    { tail: 'a/referrers/sha256:1', want: { kind: 'referrers', name: 'a', digest: 'sha256:1' } },
    { tail: 'a/b/unknown', want: undefined },
  ])('$tail', ({ tail, want }) => {
    expect(parseRegistryPath(tail)).toEqual(want)
  })
  it('refuses an invalid name on a known endpoint', () => {
    expect(() => parseRegistryPath('A/tags/list')).toThrow(expect.objectContaining({ code: 'NAME_INVALID' }))
  })
})
