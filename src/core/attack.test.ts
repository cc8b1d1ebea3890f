import { describe, expect, it } from 'vitest'
import { ATTACK_MATRIX, TACTICS, attackRef, attackTechnique } from './attack.js'

describe('ATT&CK catalogue', () => {
  it('has unique kebab-case ids and MITRE technique ids', () => {
    const ids = ATTACK_MATRIX.map((x) => x.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const x of ATTACK_MATRIX) {
      expect(x.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(x.mitre).toMatch(/^T\d{4}(\.\d{3})?$/)
      expect(Object.keys(TACTICS)).toContain(x.tactic)
    }
  })

  it('covers every tactic of the seed matrix with the seed row counts', () => {
    const count = (tactic: string) => ATTACK_MATRIX.filter((x) => x.tactic === tactic).length

    expect([
      count('initial-access'),
      count('execution'),
      count('persistence'),
      count('privilege-escalation'),
      count('defense-evasion'),
      count('credential-access'),
      count('discovery'),
      count('lateral-movement'),
      count('impact'),
    ]).toEqual([8, 6, 4, 8, 5, 4, 7, 7, 4])
  })

  it('resolves references', () => {
    expect(attackRef('docker-sock-escape')).toEqual({ tactic: 'privilege-escalation', technique: 'T1611' })
    expect(attackTechnique('nope')).toBeUndefined()
    expect(() => attackRef('nope')).toThrow(RangeError)
  })
})
