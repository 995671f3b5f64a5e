import { Hono } from "hono";
import type { Metrics } from "../../observability/index.ts";
import type { AppEnv } from "../env.ts";

/** A named dependency the process needs before it can serve traffic. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck({ name, check }: ReadinessCheck): Promise<[string, string]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS);
      }),
    ]);
    return [name, "ok"];
  } catch {
    // The reason stays in the logs; the probe only needs to know which part is down.
    return [name, "unavailable"];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness (`/healthz`: the process answers), readiness (`/readyz`: every
 * check passes, else 503 naming the failing part) and Prometheus `/metrics`.
 */
export function createHealthRoutes({
  checks,
  metrics,
}: {
  checks: () => ReadinessCheck[];
  metrics: Metrics;
}) {
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      const current = checks();
      const results = Object.fromEntries(await Promise.all(current.map(runCheck)));
      const ready = current.length > 0 && Object.values(results).every((r) => r === "ok");
      return c.json(
        { status: ready ? "ready" : "unavailable", checks: results },
        ready ? 200 : 503,
      );
    })
    .get("/metrics", async (c) => {
      const body = await metrics.registry.metrics();
      return c.body(body, 200, { "content-type": metrics.registry.contentType });
    });
}
