import { describe, expect, it } from 'vitest'
import { attackTechnique } from '../core/index.js'
import { EXTRA_MALWARE_EXAMPLES, EXTRA_SECRET_EXAMPLES, plantedMalware, plantedSecrets } from '../../test/content/planted.js'
import { DOCKERFILE_CHECKS, IMAGE_CHECKS, MALWARE_RULES, SECRET_RULES } from './index.js'

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

describe('content registries', () => {
  it.each([
    { name: 'secret rules', ids: SECRET_RULES.map((r) => r.id) },
    { name: 'malware rules', ids: MALWARE_RULES.map((r) => r.id) },
    { name: 'image check slugs', ids: IMAGE_CHECKS.map((c) => c.slug) },
    { name: 'Dockerfile check slugs', ids: DOCKERFILE_CHECKS.map((c) => c.slug) },
  ])('$name: unique kebab-case ids', ({ ids }) => {
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(KEBAB)
  })

  it('check ids are unique and numbered (IMG-NNN, DF-NNN)', () => {
    const ids = [...IMAGE_CHECKS, ...DOCKERFILE_CHECKS].map((c) => c.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^(?:IMG|DF)-\d{3}$/)
  })

  it('every ATT&CK reference is in the catalogue', () => {
    const refs = [...SECRET_RULES, ...MALWARE_RULES, ...IMAGE_CHECKS, ...DOCKERFILE_CHECKS].flatMap((r) => (r.attack ? [r.attack] : []))

    for (const r of refs) expect(attackTechnique(r), r).toBeDefined()
  })

  it('every rule has keywords and a global regex (text rules)', () => {
    for (const r of SECRET_RULES) {
      expect(r.keywords.length, r.id).toBeGreaterThan(0)
      expect(r.regex.flags, r.id).toContain('g')
    }
    for (const r of MALWARE_RULES) {
      expect(r.keywords.length, r.id).toBeGreaterThan(0)
      if (r.scope === 'text') expect(r.regex?.flags, r.id).toContain('g')
    }
  })

  it('every rule has a real-format example that it finds', () => {
    const secretCovered = new Set([...plantedSecrets().map((p) => p.rule), ...EXTRA_SECRET_EXAMPLES.map((e) => e.rule)])
    const malwareCovered = new Set([...plantedMalware().map((p) => p.rule), ...EXTRA_MALWARE_EXAMPLES.map((e) => e.rule)])

    expect(SECRET_RULES.map((r) => r.id).filter((id) => !secretCovered.has(id))).toEqual([])
    expect(MALWARE_RULES.map((r) => r.id).filter((id) => !malwareCovered.has(id))).toEqual([])
  })
})
