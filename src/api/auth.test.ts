import { describe, expect, it } from 'vitest'
import { FailedAuthLimiter, hasRole, tokenFromHeader } from './index.js'

const b64 = (s: string): string => Buffer.from(s).toString('base64')

describe('tokenFromHeader', () => {
  it.each([
    { name: 'bearer', header: 'Bearer abc', want: 'abc' },
    { name: 'bearer, any case', header: 'bearer abc', want: 'abc' },
    { name: 'basic, any user', header: `Basic ${b64('ci:tok')}`, want: 'tok' },
    { name: 'basic, password with colons', header: `Basic ${b64('u:a:b')}`, want: 'a:b' },
    { name: 'basic, empty password', header: `Basic ${b64('u:')}`, want: undefined },
    { name: 'basic, no colon', header: `Basic ${b64('tok')}`, want: undefined },
    { name: 'other scheme', header: 'Digest x', want: undefined },
    { name: 'missing', header: undefined, want: undefined },
    { name: 'two tokens', header: 'Bearer a b', want: undefined },
  ])('$name', ({ header, want }) => {
    expect(tokenFromHeader(header)).toBe(want)
  })
})

describe('hasRole', () => {
  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'developer', false],
    ['developer', 'viewer', true],
    ['developer', 'admin', false],
    ['admin', 'developer', true],
  ] as const)('%s has %s: %s', (role, needed, want) => {
    expect(hasRole(role, needed)).toBe(want)
  })
})

describe('FailedAuthLimiter', () => {
  it('blocks after max failures in the window and forgets them after it', () => {
    let now = 0
    const l = new FailedAuthLimiter({ max: 3, windowMs: 1000, now: () => now })

    for (let i = 0; i < 3; i++) l.recordFailure('1.2.3.4')
    const blocked = l.isBlocked('1.2.3.4')
    const other = l.isBlocked('5.6.7.8')
    now = 1001

    expect([blocked, other, l.isBlocked('1.2.3.4')]).toEqual([true, false, false])
  })

  it('keeps memory bounded under many source addresses', () => {
    const l = new FailedAuthLimiter({ max: 1, maxIps: 100 })

    for (let i = 0; i < 1000; i++) l.recordFailure(`10.0.${i >> 8}.${i & 255}`)

    expect(l.isBlocked('10.0.0.0')).toBe(false)
    expect(l.isBlocked('10.0.3.231')).toBe(true)
  })
})
