/**
 * A small least-recently-used map bounded by total weight (bytes, or 1 per entry). The registry
 * keeps facts about content-addressed data in it: a digest's bytes and size never change, so an
 * entry can only be missing, never wrong (removal of the file is still checked on disk).
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>()
  private total = 0

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const e = this.entries.get(key)
    if (e === undefined) return undefined
    // Re-inserting moves the key to the young end of the Map's insertion order.
    this.entries.delete(key)
    this.entries.set(key, e)
    return e.value
  }

  /** Stores `value` unless it alone is heavier than the whole cache; evicts the oldest entries. */
  set(key: K, value: V): void {
    const weight = this.weigh(value)
    this.delete(key)
    if (weight > this.maxWeight) return
    this.entries.set(key, { value, weight })
    this.total += weight
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxWeight) break
      this.entries.delete(k)
      this.total -= e.weight
    }
  }

  delete(key: K): void {
    const e = this.entries.get(key)
    if (e === undefined) return
    this.entries.delete(key)
    this.total -= e.weight
  }

  get size(): number {
    return this.entries.size
  }
}
