import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createKeywordMatcher } from './keywords.js'

describe('createKeywordMatcher', () => {
  it.each([
    { name: 'overlapping keywords', kws: ['he', 'she', 'his', 'hers'], text: 'ushers', want: ['he', 'hers', 'she'] },
    { name: 'keyword inside another', kws: ['AKIA', 'KIA'], text: 'xAKIAx', want: ['AKIA', 'KIA'] },
    { name: 'nothing', kws: ['ghp_', 'glpat-'], text: 'plain text', want: [] },
    { name: 'utf-8 keyword', kws: ['pässword'], text: 'the pässword is', want: ['pässword'] },
    { name: 'at the very end', kws: ['/dev/tcp/'], text: 'x /dev/tcp/', want: ['/dev/tcp/'] },
  ])('$name', ({ kws, text, want }) => {
    expect([...createKeywordMatcher(kws).find(Buffer.from(text))].sort()).toEqual(want)
  })

  it('agrees with Buffer.indexOf on random input', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '_', '-')
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 60 }), (kws, text) => {
        const body = Buffer.from(text)
        const want = [...new Set(kws)].filter((k) => body.indexOf(k) !== -1).sort()
        expect([...createKeywordMatcher(kws).find(body)].sort()).toEqual(want)
      }),
    )
  })
})
