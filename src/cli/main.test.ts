import { describe, expect, it } from 'vitest'
import { bulwark } from '../../test/cli.js'
import { buildProgram, invokedVerb } from './main.js'

const io = { stdout: process.stdout, stderr: process.stderr, env: {} }
const names = (argv?: string[]): string[] => buildProgram(io, argv).commands.map((c) => c.name())

describe('invokedVerb', () => {
  it('finds the verb after global options and their values', () => {
    expect(invokedVerb(['sbom', 'oci:x'])).toBe(invokedVerb(['--cache-dir', 'db', 'sbom', 'oci:x']))
    expect(invokedVerb(['--cache-dir', 'db', 'sbom'])).not.toBe(invokedVerb(['db', 'status']))
    expect(invokedVerb(['--log-level', 'debug', 'verify-attestation', 'x'])).toBe(invokedVerb(['attest', 'x']))
  })

  it('is undefined for help, unknown words and no verb', () => {
    expect(invokedVerb([])).toBeUndefined()
    expect(invokedVerb(['help', 'sbom'])).toBeUndefined()
    expect(invokedVerb(['sbomm'])).toBeUndefined()
    expect(invokedVerb(['--help', 'sbom'])).toBeUndefined()
    expect(invokedVerb(['-h', 'sbom'])).toBeUndefined()
    expect(invokedVerb(['--cache-dir', 'sbom'])).toBeUndefined()
  })
})

describe('buildProgram', () => {
  it('registers only the verb an argument list runs, every verb otherwise', () => {
    const all = names()
    expect(all).toEqual(expect.arrayContaining(['sbom', 'image', 'db', 'config', 'cluster', 'attest', 'verify-attestation', 'serve']))
    expect(names(['sbom', 'oci:x'])).toEqual(['sbom'])
    expect(names(['verify-attestation', 'x']).sort()).toEqual(['attest', 'verify-attestation'])
    expect(names(['nope'])).toEqual(all)
    expect(names(['--help'])).toEqual(all)
  })

  it('lists every verb in the help, and rejects an unknown one with exit 2', async () => {
    const help = await bulwark(['--help'])
    expect(help.code).toBe(0)
    for (const v of ['sbom', 'image', 'sbom-scan', 'db', 'config', 'cluster', 'rbac', 'keygen', 'sign', 'verify', 'attest', 'serve']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${v}\\b`, 'm'))
    }
    const typo = await bulwark(['sbomm', 'oci:x'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("unknown command 'sbomm'")
    const verbHelp = await bulwark(['--cache-dir', '/tmp/x', 'sbom', '--help'])
    expect(verbHelp.code).toBe(0)
    expect(verbHelp.stdout).toContain('Usage: bulwark sbom')
  })
})
