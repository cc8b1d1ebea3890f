import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzers } from './index.js'

const here = new URL('.', import.meta.url).pathname
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'internal')
  .map((d) => d.name)

describe('analyzer registry', () => {
  it('lists every analyzer folder exactly once, by its id', () => {
    const ids = analyzers.map((a) => a.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const folder of folders) expect(ids).toContain(folder)
  })

  it.each(analyzers.map((a) => ({ id: a.id, a })))('$id is well-formed', ({ a }) => {
    expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(a.version).toBeGreaterThan(0)
    expect((a.paths?.length ?? 0) > 0 || a.match !== undefined).toBe(true)
    expect(existsSync(join(here, a.id, 'testdata'))).toBe(true)
  })
})
