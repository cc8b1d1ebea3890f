import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import jsyaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../../k8s/index.js'
import type { AuditOptions } from '../check.js'
import { runAudit } from '../engine.js'
import { checks } from './index.js'

interface Examples {
  readonly options?: AuditOptions
  readonly pass: readonly string[]
  readonly fail: readonly string[]
}

const DIR = join(import.meta.dirname, 'examples')

function examplesOf(slug: string): Examples {
  return jsyaml.load(readFileSync(join(DIR, `${slug}.examples.yaml`), 'utf8')) as Examples
}

function violations(slug: string, text: string, options?: AuditOptions): number {
  const check = checks.find((c) => c.slug === slug)
  const { objects, errors } = parseManifests(text, `${slug}.yaml`)
  expect(errors).toEqual([])
  const r = runAudit({ objects, checks: check ? [check] : [], toolVersion: 'test', ...(options ? { options } : {}) })
  expect(r.errors).toEqual([])
  return r.findings.length
}

describe.each(checks.map((c) => ({ slug: c.slug, id: c.id })))('$id $slug', ({ slug }) => {
  const ex = examplesOf(slug)

  it.each(ex.pass.map((text, i) => ({ i, text })))('pass example $i gives no violation', ({ text }) => {
    expect(violations(slug, text, ex.options)).toBe(0)
  })

  it.each(ex.fail.map((text, i) => ({ i, text })))('fail example $i gives a violation', ({ text }) => {
    expect(violations(slug, text, ex.options)).toBeGreaterThan(0)
  })
})

describe('check registry', () => {
  it('has unique ids and slugs', () => {
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length)
    expect(new Set(checks.map((c) => c.slug)).size).toBe(checks.length)
  })

  it.each(checks.map((c) => ({ id: c.id, check: c })))('$id is complete and has examples', ({ check }) => {
    expect(check.id).toMatch(/^K8S-\d{3}$/)
    expect(check.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(check.references.length).toBeGreaterThan(0)
    expect(check.attack.technique).toMatch(/^T\d{4}/)
    expect(check.rationale.length).toBeGreaterThan(20)
    expect(existsSync(join(DIR, `${check.slug}.examples.yaml`))).toBe(true)
    const ex = examplesOf(check.slug)
    expect(ex.pass.length).toBeGreaterThan(0)
    expect(ex.fail.length).toBeGreaterThan(0)
  })
})
