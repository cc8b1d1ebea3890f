import { describe, expect, it } from 'vitest'
import {
  ImageError,
  UserError,
  compareSeverity,
  isAtLeast,
  isDigest,
  isOsPackageType,
  isUsageError,
  packageKey,
  parsePurl,
  parseSeverity,
  sha256Digest,
  shortDigest,
  silentLogger,
  toPurl,
} from './index.js'

describe('severity', () => {
  it.each([
    { input: 'CRITICAL', want: 'critical' },
    { input: 'moderate', want: 'medium' },
    { input: 'Important', want: 'high' },
    { input: 'negligible', want: 'low' },
    { input: 'bogus', want: undefined },
  ])('parses $input', ({ input, want }) => {
    expect(parseSeverity(input)).toBe(want)
  })

  it('orders and gates', () => {
    expect(compareSeverity('low', 'high')).toBe(-1)
    expect(compareSeverity('high', 'high')).toBe(0)
    expect(compareSeverity('critical', 'unknown')).toBe(1)
    expect(isAtLeast('high', 'medium')).toBe(true)
    expect(isAtLeast('low', 'medium')).toBe(false)
  })
})

describe('purl', () => {
  it.each([
    {
      name: 'deb with distro and a plus in the version',
      parts: { type: 'deb', namespace: 'debian', name: 'bash', version: '5.2.15-2+b13', qualifiers: { arch: 'amd64', distro: 'debian-12' } },
      want: 'pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12',
    },
    { name: 'scoped npm', parts: { type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0' }, want: 'pkg:npm/%40babel/core@7.0.0' },
    { name: 'go module path', parts: { type: 'golang', namespace: 'github.com/foo', name: 'bar', version: 'v1.2.3' }, want: 'pkg:golang/github.com/foo/bar@v1.2.3' },
    { name: 'epoch colon kept', parts: { type: 'deb', namespace: 'debian', name: 'login', version: '1:4.13+dfsg1-1' }, want: 'pkg:deb/debian/login@1:4.13%2Bdfsg1-1' },
    { name: 'qualifiers sorted, empty dropped, subpath cleaned', parts: { type: 'maven', namespace: 'g', name: 'a', version: '1', qualifiers: { type: 'jar', classifier: '', a: 'x' }, subpath: '../x/./y' }, want: 'pkg:maven/g/a@1?a=x&type=jar#x/y' },
    { name: 'no version', parts: { type: 'pypi', name: 'requests' }, want: 'pkg:pypi/requests' },
  ])('$name', ({ parts, want }) => {
    expect(toPurl(parts)).toBe(want)
  })

  it('parses what it writes and rejects garbage', () => {
    const p = parsePurl('pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12')

    expect(p).toMatchObject({ type: 'deb', namespace: 'debian', name: 'bash', version: '5.2.15-2+b13' })
    expect(p?.qualifiers).toEqual({ arch: 'amd64', distro: 'debian-12' })
    expect(parsePurl('not a purl')).toBeUndefined()
  })
})

describe('digest, packages, errors, logger', () => {
  it('computes and recognizes digests', () => {
    const d = sha256Digest('hello')

    expect(d).toBe('sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
    expect(isDigest(d)).toBe(true)
    expect(isDigest('sha256:xyz')).toBe(false)
    expect(shortDigest(d)).toBe('2cf24dba5fb0')
  })

  it('keys packages and classifies OS types', () => {
    expect(packageKey({ type: 'deb', name: 'bash', version: '5', arch: 'amd64' })).toBe('deb:bash@5:amd64')
    expect(packageKey({ type: 'maven', namespace: 'log4j', name: 'log4j', version: '1.2.17' })).toBe('maven:log4j/log4j@1.2.17')
    expect(isOsPackageType('apk')).toBe(true)
    expect(isOsPackageType('npm')).toBe(false)
  })

  it('keeps error class, code and cause', () => {
    const cause = new Error('inner')
    const e = new ImageError('LAYER_CORRUPT', 'layer 1: bad gzip', { cause })

    expect(e).toMatchObject({ name: 'ImageError', code: 'LAYER_CORRUPT', cause })
    expect(isUsageError(e)).toBe(true)
    expect(isUsageError(new UserError('ARG_INVALID', 'x'))).toBe(true)
    expect(isUsageError(new Error('x'))).toBe(false)
  })

  it('silent logger swallows everything', () => {
    const log = silentLogger.child({ a: 1 })

    log.debug({}, 'x')
    log.info({}, 'x')
    log.warn({}, 'x')
    log.error({}, 'x')
    expect(log).toBe(silentLogger)
  })
})
