import { describe, expect, it } from 'vitest'
import { Lru } from './lru.js'

describe('Lru', () => {
  it('evicts the least recently used entries once the weight is over the bound', () => {
    const lru = new Lru<string, Buffer>(10, (b) => b.length)
    lru.set('a', Buffer.alloc(4))
    lru.set('b', Buffer.alloc(4))
    lru.get('a') // a is now younger than b
    lru.set('c', Buffer.alloc(4))

    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')?.length).toBe(4)
    expect(lru.get('c')?.length).toBe(4)
    expect(lru.size).toBe(2)
  })

  it('does not keep a value heavier than the whole cache, and replacing a key re-weighs it', () => {
    const lru = new Lru<string, Buffer>(10, (b) => b.length)
    lru.set('a', Buffer.alloc(6))
    lru.set('big', Buffer.alloc(11))
    lru.set('a', Buffer.alloc(2))
    lru.set('b', Buffer.alloc(8))

    expect(lru.get('big')).toBeUndefined()
    expect(lru.get('a')?.length).toBe(2)
    expect(lru.get('b')?.length).toBe(8)
  })

  it('counts entries when no weight is given, and forgets deleted keys', () => {
    const lru = new Lru<string, number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.delete('a')
    lru.set('c', 3)

    expect(lru.get('a')).toBeUndefined()
    expect([lru.get('b'), lru.get('c')]).toEqual([2, 3])
  })
})
