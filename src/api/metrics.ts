import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client'
import type { JobStore } from '../core/index.js'

/** One metrics registry per server (no prom-client global), with process metrics and job counts. */
export function createMetrics(jobs: JobStore): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'bulwark_' })
  new Gauge({
    name: 'bulwark_jobs',
    help: 'Jobs in the persistent queue by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const [status, n] of Object.entries(await jobs.countByStatus())) this.set({ status }, n)
    },
  })
  return registry
}

/** Counts and times every HTTP request by method, route pattern and status. */
export function instrument(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'bulwark_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'bulwark_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  })
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: repository names would blow up label cardinality.
    const route = request.routeOptions.url ?? 'unmatched'
    requests.inc({ method: request.method, route, status: String(reply.statusCode) })
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
  })
}
