import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { silentLogger } from '../core/index.js'
import { JobQueue } from '../jobs/index.js'
import { createStore } from '../store/index.js'
import { createScanService, ScanInterrupted, scannerCommand, scannerProcesses, sweepScanDirs } from './scan-service.js'
import { createSecretBox } from './secrets.js'

/** A scanner that is `node -e SCRIPT`: the arguments after the script land in process.argv. */
const node = (script: string, timeoutMs = 20_000) => scannerProcesses({ command: ['-e', script], timeoutMs })

describe('scannerCommand', () => {
  it('runs the sources through tsx when the server runs from the sources', () => {
    const args = scannerCommand(new URL('./scan-service.ts', import.meta.url).href)

    expect(args[0]).toBe('--import')
    expect(args[1]).toMatch(/^file:.*\/node_modules\/tsx\//)
    expect(args[2]).toMatch(/\/src\/cli\/main\.ts$/)
    expect(existsSync(args[2] ?? '')).toBe(true)
  })

  it.each(['dist/bundle/chunk-ABC.js', 'dist/app/scan-service.js'])('runs bin/bulwark.cjs from a build (%s)', (file) => {
    const root = new URL('../../', import.meta.url)

    const args = scannerCommand(new URL(file, root).href)

    expect(args).toEqual([new URL('bin/bulwark.cjs', root).pathname])
    expect(existsSync(args[0] ?? '')).toBe(true)
  })
})

describe('scannerProcesses', () => {
  it('resolves to stdout and hands warnings on stderr over', async () => {
    const warned: string[] = []

    const out = await node('process.stdout.write(JSON.stringify(process.argv.slice(1))); console.error("WARN odd layer")').run(['a', 'b'], (s) => warned.push(s))

    expect(JSON.parse(out)).toEqual(['a', 'b'])
    expect(warned).toEqual(['WARN odd layer\n'])
  })

  it('runs the scanner at a lower priority than the server', async () => {
    const out = await node('process.stdout.write(String(require("os").getPriority()))').run([])

    expect(Number(out)).toBeGreaterThanOrEqual(10)
  })

  it('rejects with the last lines of stderr when the scanner exits non-zero', async () => {
    const script = 'for (let i = 0; i < 20; i++) console.error("line " + i); console.error("error: MANIFEST_UNKNOWN"); process.exit(4)'

    const err = await node(script).run([]).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(Error)
    expect(err).not.toBeInstanceOf(ScanInterrupted)
    expect((err as Error).message).toBe('line 16\nline 17\nline 18\nline 19\nerror: MANIFEST_UNKNOWN')
  })

  it('kills a scanner that runs past the timeout', async () => {
    const started = Date.now()

    await expect(node('setInterval(() => {}, 1000)', 300).run([])).rejects.toThrow('scan timed out after 300 ms')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('close() kills running scanners as interrupted and refuses new ones', async () => {
    const procs = node('console.log("up"); setInterval(() => {}, 1000)')
    const running = procs.run([])
    await new Promise((r) => setTimeout(r, 500))

    procs.close()

    await expect(running).rejects.toBeInstanceOf(ScanInterrupted)
    await expect(procs.run([])).rejects.toBeInstanceOf(ScanInterrupted)
  })
})

describe('sweepScanDirs', () => {
  it('removes scan folders older than a scan may run, and nothing else', async () => {
    const { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const data = mkdtempSync(join(tmpdir(), 'bulwark-sweep-'))
    for (const n of ['.scan-old', '.scan-new', 'keep-old']) {
      mkdirSync(join(data, n))
      writeFileSync(join(data, n, 'auth.json'), '{}')
    }
    const hourAgo = new Date(Date.now() - 3_600_000)
    utimesSync(join(data, '.scan-old'), hourAgo, hourAgo)
    utimesSync(join(data, 'keep-old'), hourAgo, hourAgo)
    expect(await sweepScanDirs(data, 60_000)).toBe(1)
    expect(readdirSync(data).sort()).toEqual(['.scan-new', 'keep-old'])
    expect(await sweepScanDirs(join(data, 'missing'), 0)).toBe(0)
  })
})

describe('createScanService', () => {
  it('fails a scan whose job gave up (interrupted on its last attempt) instead of leaving it running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-scan-gaveup-'))
    const store = await createStore({ url: ':memory:' })
    try {
      const queue = new JobQueue({ store: store.jobs, log: silentLogger })
      const scans = createScanService({
        store, queue, log: silentLogger, secrets: createSecretBox(Buffer.alloc(32, 1)), dataDir, internalSecret: 's',
        registryAddress: () => '127.0.0.1:1', command: ['-e', ''],
      })
      const scan = await scans.queueScan('app', `sha256:${'a'.repeat(64)}`)
      await store.scans.markRunning(scan.id)

      await scans.gaveUp({ scanId: scan.id, repository: 'app', digest: scan.digest }, 'the server is stopping')
      scans.close()

      expect(await store.scans.getScan(scan.id)).toMatchObject({ status: 'failed', error: 'the scan job gave up: the server is stopping' })
    } finally {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
