import { describe, expect, it } from 'vitest'
import { normalizePath, parseImageRef } from './internal.js'

describe('normalizePath', () => {
  it.each([
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['/', '/'],
    ['//', '/'],
    ['/etc/', '/etc'],
    ['/var//lib/./kubelet', '/var/lib/kubelet'],
    ['/data/../etc', '/etc'],
    ['/a/..b/.c', '/a/..b/.c'],
    ['/a/.', '/a'],
    ['/..', '/'],
    ['var/log', '/var/log'],
  ])('%s -> %s', (p, want) => {
    expect(normalizePath(p)).toBe(want)
  })
})

describe('parseImageRef', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'nginx' }],
    ['localhost:5000/a/b:t@sha256:00', { registry: 'localhost:5000', repository: 'a/b', tag: 't', digest: 'sha256:00' }],
    ['registry.example.com/team/app:1.0', { registry: 'registry.example.com', repository: 'team/app', tag: '1.0' }],
    ['team/app@sha256:00', { registry: 'docker.io', repository: 'team/app', digest: 'sha256:00' }],
  ])('%s', (image, want) => {
    expect(parseImageRef(image)).toStrictEqual(want)
  })
})
