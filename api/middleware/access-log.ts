import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger, Metrics } from "../../observability/index.ts";
import type { AppEnv } from "../env.ts";

/**
 * One JSON line per request with its id, route, status and duration, plus the
 * HTTP metrics. A child logger tagged with the request id is put on the
 * context for handlers. `quiet` paths log only failures; `routine` paths log
 * their successes at debug: Telegram's webhook sees every message every
 * customer sends, and at that rate an info line per delivery costs a fifth
 * of the process's throughput while the metrics already count them.
 */
export const accessLog = ({
  logger,
  metrics,
  quiet = ["/healthz", "/metrics"],
  routine = ["/telegram/webhook"],
}: {
  logger: Logger;
  metrics?: Metrics;
  quiet?: string[];
  routine?: string[];
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
    const path = c.req.path;
    if (status < 400 && quiet.includes(path)) return;
    const level = status < 400 && routine.includes(path) ? "debug" : "info";
    if (status < 400 && !log.isLevelEnabled(level)) return;
    const line = {
      method: c.req.method,
      path,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
    };
    // 503 is "not ready yet / dependency down" (readiness probes during start-up), not a failure of ours.
    if (status >= 500 && status !== 503) log.error(line, "request failed");
    else if (status === 503) log.warn(line, "service unavailable");
    else log[level](line, "request");
  };
