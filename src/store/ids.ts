import { randomBytes } from 'node:crypto'

let last = 0
let seq = 0

/**
 * A time-ordered id (48-bit milliseconds, a per-process sequence, 64 random bits), so that
 * "newest" is `ORDER BY id DESC` on both dialects even when two rows share a millisecond.
 */
export function newId(now = Date.now()): string {
  if (now <= last) {
    seq += 1
  } else {
    last = now
    seq = 0
  }
  const ms = last.toString(16).padStart(12, '0')
  return `${ms}${seq.toString(16).padStart(6, '0')}${randomBytes(8).toString('hex')}`
}
