import { AppError, ExternalError, ImageError, UserError } from '../core/index.js'

/** Exit codes (ARCHITECTURE.md): 0 clean, 1 a gate or verification failed, 2 usage or unusable input. */
export const EXIT = { ok: 0, gate: 1, usage: 2, internal: 3 } as const

/** Raised by commands whose gate failed: carries the message to print, exit code 1. */
export class GateFailed extends AppError<'GATE_FAILED' | 'VERIFY_FAILED'> {}

/** Maps an error to an exit code; the only place that does. Usage wins over a gate failure. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UserError || err instanceof ImageError || err instanceof ExternalError) return EXIT.usage
  if (err instanceof GateFailed) return EXIT.gate
  if (err instanceof Error && err.name === 'CommanderError') return EXIT.usage
  return EXIT.internal
}

/** The message a user sees: ours without a stack, anything else with one (it is our bug). */
export function describeError(err: unknown): string {
  if (err instanceof AppError) return `bulwark: ${err.message}`
  if (err instanceof Error) return `bulwark: internal error: ${err.stack ?? err.message}`
  return `bulwark: internal error: ${String(err)}`
}
