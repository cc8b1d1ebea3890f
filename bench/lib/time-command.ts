import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../src/core/index.js'

/** A benchmark helper could not measure (missing tool, command failed to start). */
export class BenchError extends AppError<
  'BENCH_TOOL_MISSING' | 'BENCH_COMMAND_FAILED' | 'BENCH_ARG_INVALID'
> {}

/** What one run of a command cost. */
export interface CommandTiming {
  /** Wall-clock seconds from spawn to exit. */
  readonly wallSeconds: number
  /** Peak resident set size of the command (GNU time %M, KiB). */
  readonly peakRssKiB: number
  readonly peakRssMiB: number
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** Options for {@link timeCommand}. */
export interface TimeCommandOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** Throw when the command exits non-zero (default true). */
  readonly check?: boolean
  /** Keep at most this many bytes of stdout / stderr (default 1 MiB each). */
  readonly maxOutput?: number
}

const GNU_TIME = '/usr/bin/time'

/**
 * Runs `cmd args` under GNU time (Debian package `time`) and returns wall seconds (measured here with
 * a monotonic clock) and peak RSS (ru_maxrss of the command, which includes descendants it waited for).
 */
export async function timeCommand(
  cmd: string,
  args: readonly string[],
  opts: TimeCommandOptions = {},
): Promise<CommandTiming> {
  if (!existsSync(GNU_TIME))
    throw new BenchError('BENCH_TOOL_MISSING', `${GNU_TIME} is missing: apt-get install time`)
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-time-'))
  const report = join(dir, 'time.txt')
  try {
    const started = process.hrtime.bigint()
    const { code, stdout, stderr } = await spawnCollect(
      GNU_TIME,
      ['-f', '%M', '-o', report, cmd, ...args],
      opts,
    )
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
    // With a non-zero exit GNU time writes "Command exited with non-zero status N" before the format line.
    const lines = (await readFile(report, 'utf8')).trim().split('\n')
    const peakRssKiB = Number(lines[lines.length - 1])
    if (!Number.isFinite(peakRssKiB))
      throw new BenchError(
        'BENCH_COMMAND_FAILED',
        `${cmd}: no rusage from GNU time: ${lines.join(' / ')}`,
      )
    if (code !== 0 && opts.check !== false) {
      throw new BenchError(
        'BENCH_COMMAND_FAILED',
        `${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`,
      )
    }
    return {
      wallSeconds,
      peakRssKiB,
      peakRssMiB: peakRssKiB / 1024,
      exitCode: code,
      stdout,
      stderr,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function spawnCollect(
  cmd: string,
  args: readonly string[],
  opts: TimeCommandOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const max = opts.maxOutput ?? 1 << 20
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => stdout.length < max && (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => stderr.length < max && (stderr += s))
    child.on('error', (err) =>
      fail(new BenchError('BENCH_COMMAND_FAILED', `cannot start ${cmd}`, { cause: err })),
    )
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), stdout, stderr }))
  })
}
