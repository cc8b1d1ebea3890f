/**
 * The CLI's light composition root: config and the per-command context. Kept apart from the
 * server's (app/index.ts) so a CLI command loads only what it runs.
 */
export * from '../config/index.js'
export { createCliContext } from './context.js'
export type { CliContext } from './context.js'
