import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger, Metrics } from "../../observability/index.ts";
import type { AppEnv } from "../env.ts";

/**
 * One JSON line per request with its id, route, status and duration, plus the
 * HTTP metrics. A child logger tagged with the request id is put on the
 * context for handlers.
 */
export const accessLog = ({
  logger,
  metrics,
  quiet = ["/healthz", "/metrics"],
}: {
  logger: Logger;
  metrics?: Metrics;
  quiet?: string[];
}): MiddlewareHandler<AppEnv> =>
  async function accessLog(c, next) {
    const started = performance.now();
    const log = logger.child({ requestId: c.get("requestId") });
    c.set("logger", log);
    await next();
    const ms = performance.now() - started;
    const route = routePath(c) || "unmatched";
    const status = c.res.status;
    metrics?.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    metrics?.httpDuration.observe({ method: c.req.method, route }, ms / 1000);
    if (quiet.includes(c.req.path) && status < 400) return;
    const line = {
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
    };
    // 503 is "not ready yet / dependency down" (readiness probes during start-up), not a failure of ours.
    if (status >= 500 && status !== 503) log.error(line, "request failed");
    else if (status === 503) log.warn(line, "service unavailable");
    else log.info(line, "request");
  };
