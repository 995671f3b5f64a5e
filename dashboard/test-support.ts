/**
 * Test helper (not part of the public API): the whole web app (health, /api,
 * dashboard) over a fresh database seeded with the tenancy tree, and a way
 * to make requests as any seeded user with a real session cookie and form
 * token.
 */
import type { Hono } from "hono";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import type { ControlPort } from "../api/data/control.ts";
import type { AppEnv } from "../api/env.ts";
import type { Principal } from "../api/principal.ts";
import { createRateLimiter } from "../api/rate-limiter.ts";
import { createWebKit, type WebLimits } from "../api/web-kit.ts";
import { createApprovals } from "../approvals/index.ts";
import type { ExternalTokenVerifier } from "../auth/index.ts";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import type { TrustProxy } from "../lib/client-address.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import {
  createTestDatabase,
  type DatabaseBackend,
  seedTenants,
  type TenantFixture,
  type UserKey,
} from "../testing/index.ts";
import { createCsrfTokens } from "./csrf.ts";
import type { DashboardDeps } from "./deps.ts";
import type { LiveView } from "./live/live-view.ts";
import { createDashboardRoutes } from "./routes.tsx";

export const APP_SECRET = "dashboard-test-secret-0123456789abcdef0123";
export const BOT = "mouse_test_bot";
/** app.request() URLs are http://localhost/…: loopback, so the session cookie is the `__Host-` one. */
export const ORIGIN = "http://localhost";

export type WebHarness = Awaited<ReturnType<typeof startWebHarness>>;

/** A fresh database with the tenancy tree and the app on top; `close()` drops it. */
export async function startWebHarness({
  backend,
  live,
  externalTokens,
  limits,
  now,
  extra = {},
  control,
  trustProxy,
}: {
  backend: DatabaseBackend;
  /** TRUST_PROXY for the kit, so a test can speak from many addresses through X-Forwarded-For. */
  trustProxy?: TrustProxy;
  live?: (data: Data, db: Database) => LiveView;
  externalTokens?: ExternalTokenVerifier;
  limits?: WebLimits;
  now?: () => number;
  /** More dashboard deps (built from the harness's `Data` when a function); `schedules` reaches the API too. */
  extra?: Partial<DashboardDeps> | ((data: Data) => Partial<DashboardDeps>);
  /** Take-over operations for both the dashboard and the API (built on this database). */
  control?: (data: Data) => ControlPort;
}) {
  const db = await createTestDatabase(backend);
  await migrate(db.pool);
  const data = createData(db);
  const f: TenantFixture = await seedTenants(data);
  const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });
  const liveView = live?.(data, db);
  // Generous defaults: the role matrix sends many requests from one "IP".
  const kitDeps = {
    data,
    appSecret: APP_SECRET,
    limits: {
      perIp: { limit: 100_000, windowMs: 60_000 },
      perUser: { limit: 100_000, windowMs: 60_000 },
      ...limits,
    },
    ...(externalTokens ? { externalTokens } : {}),
    ...(now ? { now, limiter: createRateLimiter({ data, now }) } : {}),
    ...(trustProxy ? { trustProxy } : {}),
  };
  const kit = createWebKit(kitDeps);
  const more = typeof extra === "function" ? extra(data) : extra;
  // No queue here: approving records the decision with its effect owed (approvals/crash.test.ts runs it).
  const approvals = more.approvals ?? createApprovals({ data, logger });
  const controlPort = control?.(data);
  const app = createApp({
    logger,
    metrics: createMetrics({ defaults: false }),
    readiness: () => [],
    api: createApiRoutes({
      ...kitDeps,
      kit,
      logger,
      botUsername: BOT,
      approvals,
      ...(more.schedules ? { schedules: more.schedules } : {}),
      ...(controlPort ? { control: controlPort } : {}),
    }),
    dashboard: createDashboardRoutes({
      ...kitDeps,
      kit,
      logger,
      approvals,
      botUsername: BOT,
      ...(liveView ? { live: liveView } : {}),
      ...(controlPort ? { control: controlPort } : {}),
      ...more,
    }),
  }) as unknown as Hono<AppEnv>;
  const tokens = createCsrfTokens(APP_SECRET);

  /** A signed-in client for a seeded user (or any user id). */
  const as = async (who: UserKey | { userId: string }) => {
    const userId = typeof who === "string" ? f.users[who] : who.userId;
    const { token, claims } = await kit.sessions.issue(userId);
    const cookie = `__Host-mouse_session=${token}`;
    const csrf = tokens.token({ userId, session: claims } as Principal);
    return {
      userId,
      cookie,
      csrf,
      get: (path: string, headers: Record<string, string> = {}) =>
        app.request(path, { headers: { cookie, ...headers } }),
      /** A form post from this site, with the form token unless `csrf: false`. */
      post: (
        path: string,
        form: Record<string, string> = {},
        {
          csrf: withToken = true,
          origin = ORIGIN,
        }: { csrf?: boolean; origin?: string | null } = {},
      ) =>
        app.request(path, {
          method: "POST",
          headers: {
            cookie,
            "content-type": "application/x-www-form-urlencoded",
            ...(origin ? { origin } : {}),
          },
          body: new URLSearchParams({ ...form, ...(withToken ? { _csrf: csrf } : {}) }).toString(),
        }),
      /** A JSON call to /api with the session cookie. */
      api: (path: string, init: { method?: string; json?: unknown } = {}) =>
        app.request(`/api${path}`, {
          method: init.method ?? "GET",
          headers: {
            cookie,
            ...(init.json === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        }),
    };
  };

  return {
    db,
    data,
    f,
    app,
    kit,
    live: liveView,
    as,
    close: async () => {
      await liveView?.stop();
      await db.close();
    },
  };
}

/** Adds a stored screenshot (bytes inline) to a customer's seeded task; returns its id. */
export async function addFrame(data: Data, customerId: string, taskId: string, bytes: Buffer) {
  return data.asService("test: frame", async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into public.frames (customer_id, task_id, sha256, bytes, width, height)
       values ($1, $2, encode(sha256($3), 'hex'), $3, 1, 1) returning id`,
      [customerId, taskId, bytes],
    );
    return rows[0]!.id;
  });
}
