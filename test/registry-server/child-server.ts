/** Runs the test registry in its own process over DIR (argv[2]) so a test can kill -9 it. */
import { startTestRegistry } from './harness.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: child-server.ts DIR')
const reg = await startTestRegistry({ dir })
process.stdout.write(`${reg.url}\n`)
