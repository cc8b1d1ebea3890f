import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UserError, silentLogger } from '../core/index.js'
import { createStore, type Store } from '../store/index.js'
import { JobQueue } from './index.js'

describe('JobQueue', () => {
  let store: Store
  beforeEach(async () => {
    store = await createStore({ url: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  it('runs jobs with bounded concurrency', async () => {
    const q = new JobQueue({ store: store.jobs, log: silentLogger, concurrency: 2, pollMs: 20 })
    let running = 0
    let peak = 0
    const seen: number[] = []
    q.onJob('n', async (p) => {
      running += 1
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 20))
      seen.push(p as number)
      running -= 1
    })
    for (let i = 0; i < 6; i++) await q.enqueue('n', i)

    q.start()
    await q.idle()
    await q.stop()

    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(peak).toBe(2)
    expect(await store.jobs.countByStatus()).toEqual({ done: 6 })
  })

  it('retries with doubling backoff, then fails', async () => {
    let clock = Date.parse('2026-01-01T00:00:00.000Z')
    const q = new JobQueue({ store: store.jobs, log: silentLogger, maxAttempts: 3, backoffMs: 1000, now: () => clock })
    const attempts: number[] = []
    q.onJob('flaky', async (_p, job) => {
      attempts.push(job.attempts)
      throw new Error(`attempt ${job.attempts}`)
    })
    const job = await store.jobs.enqueue('flaky', 'null', new Date(clock).toISOString())

    q.start()
    await q.idle()
    const afterFirst = await store.jobs.get(job.id)
    clock += 999
    await q.idle()
    const notYet = attempts.length
    clock += 1
    await q.idle()
    clock += 2000
    await q.idle()
    await q.stop()

    expect(afterFirst).toMatchObject({ status: 'pending', runAt: '2026-01-01T00:00:01.000Z', lastError: 'attempt 1' })
    expect(notYet).toBe(1)
    expect(attempts).toEqual([1, 2, 3])
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'failed', lastError: 'attempt 3' })
  })

  it('does not retry usage errors or unknown kinds', async () => {
    const q = new JobQueue({ store: store.jobs, log: silentLogger })
    q.onJob('bad', () => Promise.reject(new UserError('INPUT_INVALID', 'no')))
    const bad = await q.enqueue('bad', {})
    const orphan = await q.enqueue('nobody', {})

    q.start()
    await q.idle()
    await q.stop()

    expect(await store.jobs.get(bad.id)).toMatchObject({ status: 'failed', attempts: 1 })
    expect(await store.jobs.get(orphan.id)).toMatchObject({ status: 'failed', lastError: 'no handler for job kind nobody' })
  })

  it('refuses two handlers for one kind', () => {
    const q = new JobQueue({ store: store.jobs, log: silentLogger })
    q.onJob('k', async () => undefined)

    expect(() => q.onJob('k', async () => undefined)).toThrow(TypeError)
  })
})

function runWorker(args: string[], until: RegExp): Promise<{ kill: () => void; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/job-worker.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (until.test(out)) resolve({ kill: () => child.kill('SIGKILL'), out: () => out, exited })
    })
    void exited.then((code) => reject(new Error(`worker exited ${code}: ${out}`)))
  })
}

describe('JobQueue across a crash', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-jobs-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a job running when the process is killed runs to completion after restart', async () => {
    const db = join(dir, 'db.sqlite')
    const out = join(dir, 'out.txt')

    const first = await runWorker([db, out, JSON.stringify({ text: 'hello', hold: 60_000 })], /claimed/)
    first.kill()
    await first.exited
    const before = existsSync(out)
    const second = await runWorker([db, out], /done/)
    // "done" is printed by the handler; the queue marks the job done right after it returns.
    const check = await createStore({ url: db })
    let counts: Record<string, number> = {}
    for (let i = 0; i < 100 && counts.done !== 1; i++) {
      counts = await check.jobs.countByStatus()
      await new Promise((r) => setTimeout(r, 100))
    }
    await check.close()
    second.kill()
    await second.exited

    expect(before).toBe(false)
    expect(readFileSync(out, 'utf8')).toBe('hello\n')
    expect(counts).toEqual({ done: 1 })
  })
})

describe('JobQueue giving up', () => {
  it('calls the kind\'s give-up hook once, after the last attempt or a usage error, with payload and error', async () => {
    const store = await createStore({ url: ':memory:' })
    let clock = Date.parse('2026-01-01T00:00:00.000Z')
    const q = new JobQueue({ store: store.jobs, log: silentLogger, maxAttempts: 2, backoffMs: 1000, now: () => clock })
    const gaveUp: [unknown, string, number][] = []
    const hook = async (p: unknown, message: string, job: { attempts: number }): Promise<void> => {
      gaveUp.push([p, message, job.attempts])
    }
    q.onJob('flaky', async (_p, job) => {
      throw new Error(`attempt ${job.attempts}`)
    }, hook)
    q.onJob('bad', () => Promise.reject(new UserError('INPUT_INVALID', 'no')), hook)
    q.onJob('fine', async () => undefined, hook)
    await store.jobs.enqueue('flaky', JSON.stringify({ scanId: 'a' }), new Date(clock).toISOString())
    await q.enqueue('bad', { scanId: 'b' }, new Date(clock))
    await q.enqueue('fine', { scanId: 'c' }, new Date(clock))

    q.start()
    await q.idle()
    const afterFirst = [...gaveUp]
    clock += 1000
    await q.idle()
    await q.stop()
    await store.close()

    expect(afterFirst).toEqual([[{ scanId: 'b' }, 'no', 1]])
    expect(gaveUp).toEqual([[{ scanId: 'b' }, 'no', 1], [{ scanId: 'a' }, 'attempt 2', 2]])
  })
})
