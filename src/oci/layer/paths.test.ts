import { describe, expect, it } from 'vitest'
import { decodeWhiteout, normalizeEntryPath, toEntryKind } from './paths.js'

describe('normalizeEntryPath', () => {
  it.each([
    { name: 'etc/passwd', want: 'etc/passwd' },
    { name: './etc/passwd', want: 'etc/passwd' },
    { name: '/etc/passwd', want: 'etc/passwd' },
    { name: 'usr//lib///x', want: 'usr/lib/x' },
    { name: 'usr/./lib/', want: 'usr/lib' },
    { name: 'a/b/../c', want: 'a/c' },
    { name: './', want: '' },
  ])('$name -> $want', ({ name, want }) => {
    expect(normalizeEntryPath(name)).toEqual({ ok: true, path: want })
  })

  it.each([
    { name: '../etc/passwd' },
    { name: '/../etc/shadow' },
    { name: 'a/../../b' },
    { name: './../x' },
    { name: 'a\0b' },
  ])('refuses $name', ({ name }) => {
    expect(normalizeEntryPath(name).ok).toBe(false)
  })
})

describe('decodeWhiteout', () => {
  it.each([
    { path: 'opt/.wh.old', want: { path: 'opt/old', whiteout: 'whiteout' } },
    { path: '.wh.top', want: { path: 'top', whiteout: 'whiteout' } },
    { path: 'var/lib/.wh..wh..opq', want: { path: 'var/lib', whiteout: 'opaque' } },
    { path: '.wh..wh..opq', want: { path: '', whiteout: 'opaque' } },
    { path: '.wh..wh.plnk/1.2', want: { path: '.wh..wh.plnk/1.2' } },
    { path: 'a/.wh..wh.aufs', want: { path: 'a/.wh..wh.aufs', aufsMeta: true } },
    { path: 'etc/wh.conf', want: { path: 'etc/wh.conf' } },
  ])('$path', ({ path, want }) => {
    expect(decodeWhiteout(path)).toEqual(want)
  })
})

describe('toEntryKind', () => {
  it.each([
    { type: 'file', want: 'file' },
    { type: 'contiguous-file', want: 'file' },
    { type: 'directory', want: 'dir' },
    { type: 'symlink', want: 'symlink' },
    { type: 'link', want: 'hardlink' },
    { type: 'fifo', want: 'other' },
    { type: 'character-device', want: 'other' },
    { type: null, want: 'other' },
  ])('$type -> $want', ({ type, want }) => {
    expect(toEntryKind(type)).toBe(want)
  })
})
