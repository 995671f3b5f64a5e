/**
 * The JSON API under /api: the dashboard's data for people (session cookie
 * or Supabase token) and for resellers' own tools (API key). zod-validated
 * input, the one error shape, keyset pagination (`cursor` in, `nextCursor`
 * out), every read and write through RLS as the caller.
 */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { z } from "zod";
import { INVITE_TOKEN } from "../accounts/index.ts";
import type { Approvals } from "../approvals/index.ts";
import { text } from "../lib/text.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import type { ScheduleControls } from "../schedules/index.ts";
import { type Vault, vaultFor } from "../vault/index.ts";
import { resellerAccess } from "./data/access.ts";
import type { ControlPort } from "./data/control.ts";
import { listCustomers } from "./data/customer-list.ts";
import { newResellerCustomer } from "./data/reseller.ts";
import type { AppEnv } from "./env.ts";
import { onError } from "./errors.ts";
import { requirePrincipal } from "./middleware/authenticate.ts";
import { sameOrigin } from "./middleware/same-origin.ts";
import { createAdminApi } from "./routes/admin.ts";
import { createControlApi } from "./routes/control.ts";
import { createCustomerApi } from "./routes/customers.ts";
import { createLoginsApi } from "./routes/logins.ts";
import { createResellerApi } from "./routes/resellers.ts";
import { createScheduleApi } from "./routes/schedules.ts";
import { invalid, pageQuery, uuid } from "./routes/validation.ts";
import { createWebKit, type WebKit, type WebKitDeps } from "./web-kit.ts";

export type ApiDeps = WebKitDeps & {
  logger: Logger;
  /** Deciding approvals: the same decision the bot's buttons make. */
  approvals: Approvals;
  botUsername: string;
  queues?: QueueKit;
  /** A prebuilt kit (shares the dashboard's); default one built from these deps. */
  kit?: WebKit;
  /** The customers' stored logins; default the vault sealed under `appSecret`. */
  vault?: Vault;
  /** The schedule operations; turns on /api/customers/:customerId/schedules and /time-zone. */
  schedules?: ScheduleControls;
  /** Taking over knights' desktops (the knights' `control`); without it those routes are 404s. */
  control?: ControlPort;
};

/** Builds the /api routes; mount with `app.route("/api", createApiRoutes(deps))`. */
export function createApiRoutes(deps: ApiDeps) {
  const { data } = deps;
  const kit = deps.kit ?? createWebKit(deps);
  const deepLink = (token: string) => {
    if (!INVITE_TOKEN.test(token)) throw new Error("not an invite token");
    return `https://t.me/${encodeURIComponent(deps.botUsername)}?start=${token}`;
  };
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) =>
    requirePrincipal(c.get("principal"));

  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    }),
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: "Request too large" });
      },
    }),
    sameOrigin(deps.publicUrl),
    kit.authenticate,
    kit.limit("api"),
    async (c, next) => {
      const principal = who(c);
      // Read keys read; anything else needs a write key (RLS would refuse too, this says so clearly).
      if (principal.apiKey?.scope === "read" && c.req.method !== "GET" && c.req.method !== "HEAD") {
        throw new HTTPException(403, { message: "This API key is read-only" });
      }
      await next();
    },
  );

  app.get("/me", (c) => {
    const p = who(c);
    return c.json({
      userId: p.userId,
      via: p.via,
      displayName: p.displayName,
      isAdmin: p.isAdmin,
      customers: p.customers,
      resellers: p.resellers,
      ...(p.apiKey
        ? { apiKey: { id: p.apiKey.keyId, resellerId: p.apiKey.resellerId, scope: p.apiKey.scope } }
        : {}),
    });
  });

  app.get(
    "/customers",
    zValidator("query", pageQuery.extend({ resellerId: uuid.optional() }), invalid),
    async (c) => {
      const { cursor, limit, resellerId } = c.req.valid("query");
      return c.json(
        await listCustomers(data, who(c).userId, {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(resellerId ? { resellerId } : {}),
        }),
      );
    },
  );

  // An API key creates customers for its own reseller; people name the reseller.
  app.post(
    "/customers",
    zValidator(
      "json",
      z.object({ name: text().trim().min(1).max(200), resellerId: uuid.optional() }),
      invalid,
    ),
    async (c) => {
      const p = who(c);
      const { name, resellerId = p.apiKey?.resellerId } = c.req.valid("json");
      if (!resellerId) throw new HTTPException(400, { message: "Invalid request: resellerId" });
      const reseller = await resellerAccess(data, p.userId, resellerId);
      const created = await newResellerCustomer(data, p.userId, reseller, name);
      return c.json(
        {
          customerId: created.customerId,
          invite: {
            token: created.token,
            expiresAt: created.expiresAt,
            deepLink: deepLink(created.token),
          },
        },
        201,
      );
    },
  );

  if (deps.control) app.route("/", createControlApi({ control: deps.control }));
  app.route(
    "/customers/:customerId/logins",
    createLoginsApi({ vault: deps.vault ?? vaultFor(data, deps.appSecret, deps.logger) }),
  );
  app.route(
    "/customers/:customerId",
    createCustomerApi({ data, approvals: deps.approvals, deepLink }),
  );
  if (deps.schedules)
    app.route("/customers/:customerId", createScheduleApi({ data, schedules: deps.schedules }));
  app.route("/resellers/:resellerId", createResellerApi({ data, deepLink }));
  app.route("/admin", createAdminApi({ data, ...(deps.queues ? { queues: deps.queues } : {}) }));
  app.all("*", () => {
    throw new HTTPException(404, { message: "Not found" });
  });
  return app;
}
