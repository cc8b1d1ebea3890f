import { BenchError } from './time-command.js'

/** One benchmark result: a value checked against the floor it must reach. */
export interface RatioResult {
  readonly name: string
  readonly value: number
  readonly floor: number
  readonly ok: boolean
  /** The printed line: `BENCH name value=... floor=... ok|FAIL`. */
  readonly line: string
}

/** Formats a number for a BENCH line: 3 significant decimals, no exponent. */
function fmt(n: number): string {
  return Number.isFinite(n) ? n.toFixed(3) : String(n)
}

/**
 * Checks `value >= floor` and prints `BENCH name value=... floor=... ok|FAIL` on stdout. Express every
 * ratio so that higher is better (e.g. baseline seconds / Bulwark seconds). A failed check sets
 * process.exitCode to 1 so a benchmark run fails without stopping the other measurements.
 */
export function printRatio(name: string, value: number, floor: number): RatioResult {
  if (/\s/.test(name))
    throw new BenchError(
      'BENCH_ARG_INVALID',
      `benchmark name must have no spaces: ${JSON.stringify(name)}`,
    )
  const ok = Number.isFinite(value) && value >= floor
  const line = `BENCH ${name} value=${fmt(value)} floor=${fmt(floor)} ${ok ? 'ok' : 'FAIL'}`
  console.log(line)
  if (!ok) process.exitCode = 1
  return { name, value, floor, ok, line }
}
