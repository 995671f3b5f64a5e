import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The process's Prometheus registry and the metrics shared across areas. */
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Creates a registry of our own (never prom-client's global one, so tests
 * and several apps in one process do not collide) with Node's default metrics.
 */
export function createMetrics({ defaults = true }: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: "mouse_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "mouse_http_requests_total",
      help: "HTTP requests served, by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "mouse_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: "mouse_jobs_total",
      help: "Queue jobs finished, by queue and outcome",
      labelNames: ["queue", "outcome"] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "mouse_queue_jobs",
      help: "Jobs per queue and state, sampled on scrape",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
  };
}
