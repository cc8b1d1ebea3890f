import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bulwark } from '../cli.js'

const data = mkdtempSync(join(tmpdir(), 'bulwark-serve-config-'))
afterAll(() => rmSync(data, { recursive: true, force: true }))

describe('bulwark serve settings from the environment', () => {
  it.each(['abc', '0', '1.5', '9999999'])('BULWARK_SCAN_TIMEOUT=%s is refused (exit 2) before anything starts', async (value) => {
    const r = await bulwark(['serve', '--port', '0', '--data', data], { BULWARK_SCAN_TIMEOUT: value })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`BULWARK_SCAN_TIMEOUT: "${value}" is not a number of seconds`)
  })
})
