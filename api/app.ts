import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { Logger, Metrics } from "../observability/index.ts";
import type { AppEnv } from "./env.ts";
import { notFound, onError } from "./errors.ts";
import { accessLog } from "./middleware/access-log.ts";
import { inputHygiene } from "./middleware/input-hygiene.ts";
import { createHealthRoutes, type ReadinessCheck } from "./routes/health.ts";

export type AppDeps = {
  logger: Logger;
  metrics: Metrics;
  /** What /readyz verifies; a function so parts can register as they come up. */
  readiness: () => ReadinessCheck[];
  /** Sub-apps the process's parts serve (webhooks, dashboard, API), mounted at the root. */
  // biome-ignore lint/suspicious/noExplicitAny: sub-apps bring their own Env types
  routes?: Hono<any>[];
  /** The JSON API (`createApiRoutes`), mounted at /api when given. */
  api?: Hono<AppEnv>;
  /** The dashboard (`createDashboardRoutes`), mounted at / when given; its middleware is scoped to its own paths. */
  dashboard?: Hono<AppEnv>;
};

/**
 * The one Hono app: health and metrics now; webhooks, the JSON API and the
 * dashboard mount here as sub-apps.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(requestId({ limitLength: 64 }));
  app.use(accessLog({ logger: deps.logger, metrics: deps.metrics }));
  app.route("/", createHealthRoutes({ checks: deps.readiness, metrics: deps.metrics }));
  // Webhooks first: their paths are theirs alone, ahead of the dashboard's catch-alls.
  for (const routes of deps.routes ?? []) app.route("/", routes);
  // After the webhooks (which answer before it: their bodies are signed, and
  // Telegram's chat text is cleaned where it is stored), before every form and JSON route.
  app.use(inputHygiene());
  if (deps.api) app.route("/api", deps.api);
  if (deps.dashboard) app.route("/", deps.dashboard);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
