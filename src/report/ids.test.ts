import { describe, expect, it } from 'vitest'
import { ReportError, shortHash, utcSeconds, uuidV5 } from './ids.js'

describe('uuidV5', () => {
  // Expected values computed with Python's uuid.uuid5 (the RFC 4122 reference behaviour).
  it.each([
    { name: 'www.example.com', ns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', want: '2ed6657d-e927-568b-95e1-2665a8aea6a2' },
    { name: 'https://example.com/', ns: '6ba7b811-9dad-11d1-80b4-00c04fd430c8', want: 'dd2c1780-811a-5296-81c5-178a0ef488bc' },
  ])('$name in $ns', ({ name, ns, want }) => {
    expect(uuidV5(name, ns)).toBe(want)
  })

  it('defaults to the URL namespace', () => {
    expect(uuidV5('https://example.com/')).toBe('dd2c1780-811a-5296-81c5-178a0ef488bc')
  })
})

describe('utcSeconds', () => {
  it.each([
    { input: '2026-11-28T20:30:00.000Z', want: '2026-11-28T20:30:00Z' },
    { input: '2026-01-02T03:04:05.678+01:00', want: '2026-01-02T02:04:05Z' },
    { input: '2026-01-02T03:04:05Z', want: '2026-01-02T03:04:05Z' },
  ])('$input -> $want', ({ input, want }) => {
    expect(utcSeconds(input)).toBe(want)
  })

  it('throws ReportError REPORT_INVALID for a non-date', () => {
    expect(() => utcSeconds('yesterday')).toThrow(ReportError)
    expect(() => utcSeconds('yesterday')).toThrow(expect.objectContaining({ code: 'REPORT_INVALID' }))
  })
})

describe('shortHash', () => {
  it('is the SHA-256 prefix', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2 vector)
    expect(shortHash('abc')).toBe('ba7816bf8f01')
    expect(shortHash('abc', 20)).toBe('ba7816bf8f01cfea4141')
  })
})
