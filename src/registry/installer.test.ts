import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Installer } from './installer.js'

const root = mkdtempSync(join(tmpdir(), 'bulwark-installer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('Installer', () => {
  it('renames into new directories and syncs each touched directory once, on demand', async () => {
    const inst = new Installer()
    for (const [name, sub] of [['a', 'x'], ['b', 'x'], ['c', 'y']] as const) {
      writeFileSync(join(root, name), name)
      await inst.install(join(root, name), join(root, 'blobs', sub, name))
    }

    expect(inst.pending).toBe(2)
    expect(readFileSync(join(root, 'blobs', 'x', 'b'), 'utf8')).toBe('b')
    expect(existsSync(join(root, 'a'))).toBe(false)
    await inst.syncDirs()
    expect(inst.pending).toBe(0)
  })

  it('makes a directory again when it was removed behind its back', async () => {
    const inst = new Installer()
    writeFileSync(join(root, 'd1'), '1')
    await inst.install(join(root, 'd1'), join(root, 'gone', 'd1'))
    rmSync(join(root, 'gone'), { recursive: true })
    writeFileSync(join(root, 'd2'), '2')

    await inst.install(join(root, 'd2'), join(root, 'gone', 'd2'))

    expect(readFileSync(join(root, 'gone', 'd2'), 'utf8')).toBe('2')
  })

  it('keeps directories pending when their sync fails, and a later call retries them', async () => {
    const inst = new Installer()
    writeFileSync(join(root, 'e'), 'e')
    await inst.install(join(root, 'e'), join(root, 'fails', 'e'))
    rmSync(join(root, 'fails'), { recursive: true })

    await expect(inst.syncDirs()).rejects.toThrow(/ENOENT/)
    expect(inst.pending).toBe(1)
  })
})
