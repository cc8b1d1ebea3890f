import { execFile, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { UserError } from '../../core/index.js'

/** Seconds one yara run may take per layer before it is aborted. */
export const YARA_TIMEOUT_SECONDS = 300

/**
 * Checks that the yara binary runs and that the rules compile (by scanning /dev/null), so a typo
 * in a rule is a usage error up front rather than a silent gap in every layer.
 */
export function checkYara(binary: string, rules: readonly string[]): void {
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' })
  if (version.error || version.status !== 0) {
    throw new UserError('ARG_INVALID', `YARA rules were given but "${binary}" cannot run (install Debian's yara package)`, { cause: version.error })
  }
  for (const r of rules) {
    try {
      readFileSync(r)
    } catch (err) {
      throw new UserError('NOT_FOUND', `YARA rule file ${r} cannot be read`, { cause: err })
    }
  }
  const probe = spawnSync(binary, ['-w', ...rules, '/dev/null'], { encoding: 'utf8' })
  if (probe.status !== 0) {
    throw new UserError('CONFIG_INVALID', `YARA rules do not compile: ${(probe.stderr || probe.stdout).trim().split('\n')[0] ?? 'unknown error'}`)
  }
}

/** One `RULE FILE` line of yara's output. */
export interface YaraHit {
  readonly rule: string
  readonly file: string
}

/**
 * Runs yara once over the files directly in `dir` (not recursive, no symlinks followed), as a
 * child process the event loop does not wait on: other layers go on being read meanwhile.
 */
export async function runYara(binary: string, rules: readonly string[], dir: string): Promise<{ hits: YaraHit[]; error?: string }> {
  const r = await new Promise<{ err: (Error & { code?: unknown }) | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      binary,
      ['-w', '-N', '-p', '2', '-a', String(YARA_TIMEOUT_SECONDS), ...rules, dir],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ err, stdout, stderr }),
    )
  })
  const hits: YaraHit[] = []
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+) (.+)$/.exec(line)
    if (m) hits.push({ rule: m[1] as string, file: m[2] as string })
  }
  const error = r.err ? (r.stderr.trim().split('\n')[0] || r.err.message) : undefined
  return { hits, ...(error ? { error } : {}) }
}
