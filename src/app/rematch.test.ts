import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../core/index.js'
import { JobQueue } from '../jobs/index.js'
import { createStore, type Store } from '../store/index.js'
import { createRematcher } from './rematch.js'
import { scannerProcesses } from './scan-service.js'

const D = `sha256:${'1'.repeat(64)}`

describe('createRematcher: when to match again', () => {
  let dir: string
  let store: Store
  let rematcher: ReturnType<typeof createRematcher>
  const db = (): string => join(dir, 'advisories.db')
  const touch = (secondsFromNow: number): void => {
    const t = new Date(Date.now() + secondsFromNow * 1000)
    utimesSync(db(), t, t)
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-rematch-unit-'))
    store = await createStore({ url: ':memory:' })
    const queue = new JobQueue({ store: store.jobs, log: silentLogger }) // not started: jobs stay pending
    rematcher = createRematcher({
      store, queue, log: silentLogger, dataDir: dir, advisoryDb: db(),
      scanners: scannerProcesses({ command: ['-e', ''], timeoutMs: 1000 }),
    })
    await store.registry.putManifest({
      repository: 'app', digest: D, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1, totalSize: 1, references: [], createdAt: new Date().toISOString(),
    })
    const scan = await store.scans.createScan('app', D)
    await store.scans.completeScan(scan.id, { report: '{}', counts: {}, newFindings: [], fixedFindings: [] })
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sees the database change between calls, the first call only looking', async () => {
    expect(await rematcher.databaseChanged()).toBe(false) // no database yet
    writeFileSync(db(), 'x')
    expect(await rematcher.databaseChanged()).toBe(true) // a database appeared
    expect(await rematcher.databaseChanged()).toBe(false)
    touch(5)
    expect(await rematcher.databaseChanged()).toBe(true)
  })

  it('matches again at start when the database is newer than every scan (updated while down)', async () => {
    expect(await rematcher.newerThanScans()).toBe(false) // no database
    expect(await rematcher.rematchAll()).toBe(0) // nothing to match against: no job
    writeFileSync(db(), 'x')
    touch(-60)
    expect(await rematcher.newerThanScans()).toBe(false)
    touch(60)
    expect(await rematcher.newerThanScans()).toBe(true)
    expect(await rematcher.rematchAll()).toBe(1)
    expect(await store.jobs.countByStatus()).toEqual({ pending: 1 })
  })
})
