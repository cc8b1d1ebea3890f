/**
 * Failed-authentication limiting per client IP: after `max` failures inside `windowMs` the IP is
 * blocked until the window of its oldest counted failure passes. Memory is bounded by `maxIps`
 * (the oldest entries go first), so a flood of spoofed sources cannot grow it without end.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>()
  private readonly max: number
  private readonly windowMs: number
  private readonly maxIps: number
  private readonly now: () => number

  constructor(opts: { max?: number; windowMs?: number; maxIps?: number; now?: () => number } = {}) {
    this.max = opts.max ?? 10
    this.windowMs = opts.windowMs ?? 60_000
    this.maxIps = opts.maxIps ?? 10_000
    this.now = opts.now ?? Date.now
  }

  private recent(ip: string): number[] {
    const cutoff = this.now() - this.windowMs
    const list = (this.failures.get(ip) ?? []).filter((t) => t > cutoff)
    if (list.length === 0) this.failures.delete(ip)
    else this.failures.set(ip, list)
    return list
  }

  /** Counts one failed attempt from `ip`. */
  recordFailure(ip: string): void {
    const list = this.recent(ip)
    list.push(this.now())
    this.failures.delete(ip)
    this.failures.set(ip, list.slice(-this.max))
    if (this.failures.size > this.maxIps) {
      const oldest = this.failures.keys().next().value
      if (oldest !== undefined) this.failures.delete(oldest)
    }
  }

  /** True while `ip` has reached the limit inside the window. */
  isBlocked(ip: string): boolean {
    return this.recent(ip).length >= this.max
  }
}
