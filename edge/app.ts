/**
 * The web tier as it runs on Cloudflare Workers: the one Hono app
 * (`api/app.ts`) with the routes whose dependencies work there. Imports go to
 * the files themselves, never to folders' index.ts, which also export the
 * Node-only parts (BullMQ, ioredis, PGlite, the sandboxes) that must stay out
 * of the Worker's bundle (bundle.test.ts checks).
 */
import { Hono } from "hono";
import type pg from "pg";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import { createWebKit } from "../api/web-kit.ts";
import { createApprovals } from "../approvals/index.ts";
import { createStripeClient } from "../billing/stripe-client.ts";
import { createStripeWebhookRoutes } from "../billing/webhook-routes.ts";
import { createTelegramWebhookRoutes } from "../bot/webhook.ts";
import { createDashboardRoutes } from "../dashboard/routes.tsx";
import { createData, type Data } from "../db/scoped.ts";
import type { Logger, Metrics } from "../observability/index.ts";
import type { EdgeConfig } from "./env.ts";
import { createHandoffNotifier, tableUpdateHandoff } from "./handoffs.ts";
import type { PoolLike } from "./request-pool.ts";

export type EdgeAppDeps = {
  config: EdgeConfig;
  /** The database: on Workers, the stand-in for each request's own pool (`request-pool.ts`). */
  pool: PoolLike;
  logger: Logger;
  metrics: Metrics;
};

/**
 * The dashboard and the JSON API, sharing one kit (sessions, rate limits in
 * Postgres). `trustProxy`: worker.ts puts the address Cloudflare vouches for
 * in X-Forwarded-For (one hop: a Worker has no socket peer of its own). No live view (it needs a long-lived LISTEN, which
 * Hyperdrive does not carry) and no queue depths on the admin page.
 */
function webRoutes(
  web: NonNullable<EdgeConfig["web"]>,
  data: Data,
  logger: Logger,
  stripe?: ReturnType<typeof createStripeClient>,
) {
  const deps = {
    data,
    logger,
    appSecret: web.appSecret,
    botUsername: web.botUsername,
    trustProxy: { kind: "hops", hops: 1 } as const,
    ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}),
  };
  const kit = createWebKit(deps);
  // No queue here: an approval's effect is started by the Node workers' approvals relay.
  const approvals = createApprovals({ data, logger });
  return {
    api: createApiRoutes({ ...deps, kit, approvals }),
    dashboard: createDashboardRoutes({ ...deps, kit, approvals, ...(stripe ? { stripe } : {}) }),
  };
}

/** Builds the Worker's app: health, the webhooks, and with APP_SECRET the dashboard and the API. */
export function createEdgeApp({ config, pool, logger, metrics }: EdgeAppDeps) {
  // createData only connects and queries.
  const data = createData({ pool: pool as pg.Pool });
  const stripe = config.stripe
    ? createStripeClient({
        secretKey: config.stripe.secretKey,
        ...(config.stripe.apiBase ? { apiBase: config.stripe.apiBase } : {}),
      })
    : undefined;
  // biome-ignore lint/suspicious/noExplicitAny: sub-apps bring their own Env types
  const routes: Hono<any>[] = [
    createTelegramWebhookRoutes({
      secret: config.telegramWebhookSecret,
      data,
      handoff: tableUpdateHandoff(),
    }),
  ];
  if (config.stripe && stripe) {
    routes.push(
      createStripeWebhookRoutes({
        data,
        stripe,
        webhookSecret: config.stripe.webhookSecret,
        // The Worker is a deployment, never the demo: the sandbox's published secret verifies nothing.
        production: true,
        notifier: createHandoffNotifier(data),
        logger,
      }),
    );
  }
  const app = createApp({
    logger,
    metrics,
    readiness: () => [{ name: "database", check: async () => void (await pool.query("select 1")) }],
    routes,
    ...(config.web ? webRoutes(config.web, data, logger, stripe) : {}),
  });
  // Each isolate would count only its own requests: Workers analytics covers this instead.
  return new Hono()
    .all("/metrics", (c) =>
      c.json({ error: { status: 404, message: "Not served on the edge" } }, 404),
    )
    .route("/", app);
}
