export * from './cli/index.js'
export { createServer } from './server.js'
export type { BulwarkServer, ServerConfig } from './server.js'
