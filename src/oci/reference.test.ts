import { describe, expect, it } from 'vitest'
import { formatRegistryReference, parseImageReference } from './reference.js'

const D = `sha256:${'a'.repeat(64)}`

describe('parseImageReference', () => {
  it.each([
    {
      input: 'debian',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'library/debian',
        tag: 'latest',
      },
    },
    {
      input: 'debian:12',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'library/debian',
        tag: '12',
      },
    },
    {
      input: 'bitnami/redis:7.2',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'bitnami/redis',
        tag: '7.2',
      },
    },
    {
      input: 'docker.io/library/alpine',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'library/alpine',
        tag: 'latest',
      },
    },
    {
      input: 'index.docker.io/alpine:3',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'library/alpine',
        tag: '3',
      },
    },
    {
      input: 'localhost/app',
      want: { transport: 'registry', registry: 'localhost', repository: 'app', tag: 'latest' },
    },
    {
      input: 'localhost:5000/team/app:v1',
      want: {
        transport: 'registry',
        registry: 'localhost:5000',
        repository: 'team/app',
        tag: 'v1',
      },
    },
    {
      input: '127.0.0.1:5000/app',
      want: { transport: 'registry', registry: '127.0.0.1:5000', repository: 'app', tag: 'latest' },
    },
    {
      input: `ghcr.io/o/r@${D}`,
      want: { transport: 'registry', registry: 'ghcr.io', repository: 'o/r', digest: D },
    },
    {
      input: `ghcr.io/o/r:1.0@${D}`,
      want: {
        transport: 'registry',
        registry: 'ghcr.io',
        repository: 'o/r',
        tag: '1.0',
        digest: D,
      },
    },
    {
      input: 'docker://quay.io/a/b:c',
      want: { transport: 'registry', registry: 'quay.io', repository: 'a/b', tag: 'c' },
    },
    {
      input: 'docker://busybox',
      want: {
        transport: 'registry',
        registry: 'docker.io',
        repository: 'library/busybox',
        tag: 'latest',
      },
    },
    { input: 'oci:/tmp/layout', want: { transport: 'oci', path: '/tmp/layout' } },
    { input: 'oci:/tmp/layout:v1.2', want: { transport: 'oci', path: '/tmp/layout', tag: 'v1.2' } },
    { input: 'oci-archive:img.tar', want: { transport: 'oci-archive', path: 'img.tar' } },
    {
      input: 'oci-archive:img.tar:latest',
      want: { transport: 'oci-archive', path: 'img.tar', tag: 'latest' },
    },
    { input: 'docker-archive:a.tar', want: { transport: 'docker-archive', path: 'a.tar' } },
    {
      input: 'docker-archive:a.tar:app:1',
      want: { transport: 'docker-archive', path: 'a.tar', name: 'docker.io/library/app:1' },
    },
    {
      input: 'docker-archive:a.tar:localhost:5000/app:1',
      want: { transport: 'docker-archive', path: 'a.tar', name: 'localhost:5000/app:1' },
    },
    {
      input: 'docker-archive:a.tar:@1',
      want: { transport: 'docker-archive', path: 'a.tar', sourceIndex: 1 },
    },
    { input: 'rootfs:/srv/root', want: { transport: 'rootfs', path: '/srv/root' } },
  ])('$input', ({ input, want }) => {
    expect(parseImageReference(input)).toEqual(want)
  })

  it.each([
    { input: '' },
    { input: 'UPPER/case' },
    { input: 'debian:bad tag' },
    { input: 'debian@sha256:short' },
    { input: 'oci:' },
    { input: 'rootfs:' },
    { input: 'docker-archive:a.tar:@x' },
    { input: 'docker://' },
    { input: 'a//b' },
    { input: `x:${'t'.repeat(200)}` },
  ])('rejects "$input"', ({ input }) => {
    expect(() => parseImageReference(input)).toThrow(
      expect.objectContaining({ name: 'UserError', code: 'IMAGE_REF_INVALID' }),
    )
  })

  it('formats a registry reference back', () => {
    const ref = parseImageReference(`localhost:5000/a/b:t@${D}`)

    expect(ref.transport === 'registry' ? formatRegistryReference(ref) : '').toBe(
      `localhost:5000/a/b:t@${D}`,
    )
  })
})
