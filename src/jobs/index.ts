/** jobs/: the persistent work queue (in-process workers over a JobStore). */
export { JobQueue } from './queue.js'
export type { JobHandler, JobQueueOptions } from './queue.js'
