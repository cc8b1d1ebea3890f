import { pino } from 'pino'
import type { Logger } from '../core/index.js'

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg'])

/** A human-readable line per log record for the terminal: `WARN  message key=value ...`. */
function format(line: string): string {
  const rec = JSON.parse(line) as Record<string, unknown>
  const extra = Object.entries(rec)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  return `${(LEVELS[Number(rec.level)] ?? 'LOG').padEnd(5)} ${String(rec.msg ?? '')} ${extra.join(' ')}`.trimEnd()
}

/** The CLI's root logger: to stderr, credentials redacted. */
export function createCliLogger(level: string, stderr: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: ['password', 'token', 'authorization', '*.password', '*.token'], censor: '[redacted]' },
    },
    { write: (line: string) => void stderr.write(`${format(line)}\n`) },
  )
}
