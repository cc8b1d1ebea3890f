import type { Logger } from '../core/index.js'

// The CLI writes human-readable lines to stderr (`WARN  message key=value ...`); the server logs
// JSON through pino. This small logger keeps pino and its dependencies out of every CLI start.

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const
const NAMES: Record<number, string> = { 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR' }
/** Keys whose values never reach the terminal, at the top level and one level down. */
const SECRET = new Set(['password', 'token', 'authorization'])
const CENSOR = '[redacted]'

function redact(value: unknown, depth: number): unknown {
  if (depth > 1 || typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SECRET.has(k) ? CENSOR : redact(v, depth + 1)
  return out
}

function show(v: unknown): string {
  if (typeof v === 'string') return v
  if (v instanceof Error) return JSON.stringify(v.message)
  return JSON.stringify(v) ?? String(v)
}

function make(min: number, bindings: Record<string, unknown>, stderr: NodeJS.WritableStream): Logger {
  const emit = (level: number, obj: object, msg?: string): void => {
    if (level < min) return
    const rec = redact({ ...bindings, ...obj }, 0) as Record<string, unknown>
    const extra = Object.entries(rec).map(([k, v]) => `${k}=${show(v)}`)
    stderr.write(`${`${(NAMES[level] ?? 'LOG').padEnd(5)} ${msg ?? ''} ${extra.join(' ')}`.trimEnd()}\n`)
  }
  return {
    debug: (obj, msg) => emit(20, obj, msg),
    info: (obj, msg) => emit(30, obj, msg),
    warn: (obj, msg) => emit(40, obj, msg),
    error: (obj, msg) => emit(50, obj, msg),
    child: (more) => make(min, { ...bindings, ...more }, stderr),
  }
}

/** The CLI's root logger: to stderr, credentials redacted. `level` is one the config accepts. */
export function createCliLogger(level: string, stderr: NodeJS.WritableStream): Logger {
  const min = (LEVELS as Record<string, number>)[level]
  if (min === undefined) throw new Error(`unknown log level "${level}"`)
  return make(min, {}, stderr)
}
