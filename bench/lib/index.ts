// Shared helpers for benchmarks: measure commands, compute the gzip floor, print BENCH lines.
export { BenchError, timeCommand } from './time-command.js'
export type { CommandTiming, TimeCommandOptions } from './time-command.js'
export { gzipBaseline, layoutLayerBlobs, parseLayoutRef } from './gzip-baseline.js'
export { printRatio } from './ratio.js'
export type { RatioResult } from './ratio.js'
