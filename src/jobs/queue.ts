import type { JobRecord, JobStore, Logger } from '../core/index.js'
import { isUsageError } from '../core/index.js'

/** A job handler: gets the decoded payload; throwing fails the attempt (retried with backoff). */
export type JobHandler = (payload: unknown, job: JobRecord) => Promise<void>

/**
 * Called once when a job of the kind fails for good (its last attempt, or an error not worth
 * retrying), with the decoded payload and the last error: whatever the job stood for can be
 * marked failed too, instead of waiting forever.
 */
export type JobGaveUp = (payload: unknown, message: string, job: JobRecord) => Promise<void>

/** Queue settings; defaults suit one server process. */
export interface JobQueueOptions {
  readonly store: JobStore
  readonly log: Logger
  /** Jobs run at once in this process. */
  readonly concurrency?: number
  /** How long a claimed job stays invisible to other workers; a crash frees it after this. */
  readonly leaseMs?: number
  /** Attempts before a job is marked failed. */
  readonly maxAttempts?: number
  /** First retry delay; doubles per attempt. */
  readonly backoffMs?: number
  /** How often idle workers look for due jobs (retries, other processes' jobs). */
  readonly pollMs?: number
  readonly now?: () => number
}

/**
 * A persistent work queue over a JobStore with in-process workers. Jobs survive restarts
 * because they live in the database until a handler finishes them; a job claimed by a process
 * that died is claimed again once its lease expires.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>()
  private readonly gaveUp = new Map<string, JobGaveUp>()
  private readonly opts: Required<Omit<JobQueueOptions, 'store' | 'log'>>
  private running = 0
  private stopped = true
  private timer: NodeJS.Timeout | undefined
  private readonly active = new Set<Promise<void>>()
  private pumping: Promise<void> | undefined

  constructor(private readonly cfg: JobQueueOptions) {
    this.opts = {
      concurrency: cfg.concurrency ?? 2,
      leaseMs: cfg.leaseMs ?? 10 * 60_000,
      maxAttempts: cfg.maxAttempts ?? 3,
      backoffMs: cfg.backoffMs ?? 5_000,
      pollMs: cfg.pollMs ?? 1_000,
      now: cfg.now ?? Date.now,
    }
  }

  /** Registers the handler of one job kind (one per kind), and what to do when a job of it fails for good. */
  onJob(kind: string, handler: JobHandler, onGaveUp?: JobGaveUp): void {
    if (this.handlers.has(kind)) throw new TypeError(`job kind ${kind} already has a handler`)
    this.handlers.set(kind, handler)
    if (onGaveUp) this.gaveUp.set(kind, onGaveUp)
  }

  /** Persists a job and wakes a worker. */
  async enqueue(kind: string, payload: unknown, runAt?: Date): Promise<JobRecord> {
    const job = await this.cfg.store.enqueue(kind, JSON.stringify(payload ?? null), runAt?.toISOString())
    this.wake()
    return job
  }

  /** Starts the workers. */
  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.timer = setInterval(() => this.wake(), this.opts.pollMs)
    this.timer.unref()
    this.wake()
  }

  /** Stops claiming and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await Promise.allSettled([...this.active])
  }

  /** Resolves once no job is running and none is due (tests, graceful shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await this.pump()
      if (this.active.size === 0) return
      await Promise.allSettled([...this.active])
    }
  }

  private wake(): void {
    if (this.stopped) return
    void this.pump().catch((err: unknown) => this.cfg.log.error({ err }, 'job queue poll failed'))
  }

  /** One claim loop at a time; callers share the one in flight. */
  private pump(): Promise<void> {
    this.pumping ??= this.claimLoop().finally(() => {
      this.pumping = undefined
    })
    return this.pumping
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopped && this.running < this.opts.concurrency) {
      const now = new Date(this.opts.now()).toISOString()
      const job = await this.cfg.store.claim(now, this.opts.leaseMs)
      if (!job) return
      this.running += 1
      const p = this.run(job).finally(() => {
        this.running -= 1
        this.active.delete(p)
        this.wake()
      })
      this.active.add(p)
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.kind)
    if (!handler) {
      await this.cfg.store.fail(job.id, `no handler for job kind ${job.kind}`)
      return
    }
    try {
      await handler(JSON.parse(job.payload) as unknown, job)
      await this.cfg.store.complete(job.id)
    } catch (err) {
      await this.failed(job, err)
    }
  }

  private async failed(job: JobRecord, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err)
    // Bad input does not get better by waiting: usage errors fail at once.
    const retry = job.attempts < this.opts.maxAttempts && !isUsageError(err)
    const log = { jobId: job.id, kind: job.kind, attempts: job.attempts, err }
    if (retry) {
      const delay = this.opts.backoffMs * 2 ** (job.attempts - 1)
      this.cfg.log.warn(log, 'job attempt failed; will retry')
      await this.cfg.store.fail(job.id, message, new Date(this.opts.now() + delay).toISOString())
    } else {
      this.cfg.log.error(log, 'job failed')
      await this.cfg.store.fail(job.id, message)
      const onGaveUp = this.gaveUp.get(job.kind)
      if (onGaveUp) {
        await onGaveUp(JSON.parse(job.payload) as unknown, message, job).catch((e: unknown) =>
          this.cfg.log.error({ jobId: job.id, kind: job.kind, err: e }, 'job failure handler failed'),
        )
      }
    }
  }
}
