/**
 * The Cloudflare Workers entry point (wrangler.toml `main`). The app (the same
 * Hono app the Node web process serves: webhooks, dashboard, JSON API) is
 * built once per isolate from its bindings; each request gets its own small
 * pg pool on Hyperdrive, closed after the response. Knights, the outbox and
 * update handling stay on Node workers, which take the edge's work from
 * Postgres (`relay.ts`).
 */
import type { ExecutionContext, Hono } from "hono";
import { createLogger, type Logger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { createEdgeApp } from "./app.ts";
import { createEdgeConfig, type EdgeBindings, type EdgeConfig, EdgeConfigError } from "./env.ts";
import { createRequestPools } from "./request-pool.ts";

/**
 * Cloudflare vouches for CF-Connecting-IP; X-Forwarded-For as it arrives may
 * begin with whatever the client wrote. The app reads the client's address
 * (rate limits) from X-Forwarded-For, so it gets the vouched one there.
 */
function withClientAddress(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.set("x-forwarded-for", request.headers.get("cf-connecting-ip") ?? "unknown");
  return new Request(request, { headers });
}

type Isolate = {
  config: EdgeConfig;
  logger: Logger;
  app: Hono;
  run: ReturnType<typeof createRequestPools>["run"];
};

async function startIsolate(env: EdgeBindings): Promise<Isolate> {
  const config = await createEdgeConfig(env);
  const logger = createLogger({ level: config.logLevel, name: "mouse-edge" });
  const pools = createRequestPools();
  const app = createEdgeApp({
    config,
    pool: pools.pool,
    logger,
    metrics: createMetrics({ defaults: false }),
  }) as unknown as Hono;
  return { config, logger, app, run: pools.run };
}

/** The Worker's handler; the app is built once per set of bindings (one per isolate). */
export function createEdgeWorker() {
  const isolates = new WeakMap<EdgeBindings, Promise<Isolate>>();
  return {
    /** Serves one request on the edge. */
    async fetch(request: Request, env: EdgeBindings, ctx: ExecutionContext): Promise<Response> {
      let isolate = isolates.get(env);
      if (!isolate) {
        isolate = startIsolate(env);
        isolates.set(env, isolate);
      }
      let ready: Isolate;
      try {
        ready = await isolate;
      } catch (error) {
        if (!(error instanceof EdgeConfigError)) {
          isolates.delete(env);
          throw error;
        }
        console.error(error.message);
        return Response.json(
          { error: { status: 500, message: "The Worker is not configured" } },
          { status: 500 },
        );
      }
      return ready.run(
        ready.config.databaseUrl,
        () => Promise.resolve(ready.app.fetch(withClientAddress(request), env, ctx)),
        {
          waitUntil: (promise) => ctx.waitUntil(promise),
          onError: (err) => ready.logger.warn({ err }, "database connection error"),
        },
      );
    },
  };
}

export default createEdgeWorker();
