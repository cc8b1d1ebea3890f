export * from './config/index.js'
export { createCliContext } from './context.js'
export type { CliContext } from './context.js'
