/**
 * Platform admins' pages under /admin: system health, every reseller and
 * customer with suspend/resume, and extra admin-only apps (Bull Board).
 * Anyone else gets a 404: the area does not exist for them.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { STATUS_REASON_MAX } from "../../accounts/index.ts";
import {
  adminCustomers,
  adminResellers,
  setCustomerStatus,
  setResellerStatus,
  systemHealth,
} from "../../api/data/admin.ts";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
import type { CtxOf, DashboardDeps } from "../deps.ts";
import { principalOf } from "../middleware.tsx";
import { AdminCustomersPage, AdminPage, AdminResellersPage } from "../pages/admin.tsx";

/** The suspend / resume form: a reason is required to suspend (the customer reads it). */
const STATUS_FORM = z.object({
  status: z.enum(["active", "suspended"]),
  reason: z
    .string()
    .trim()
    .max(STATUS_REASON_MAX)
    .optional()
    .transform((value) => value || undefined),
});

/** Routes mounted at /admin (behind the page guard). */
export function createAdminPages(deps: DashboardDeps, ctxOf: CtxOf) {
  const { data } = deps;
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    if (!principalOf(c).isAdmin) throw new HTTPException(404, { message: "No such page" });
    await next();
  });

  app.get("/", async (c) => {
    const health = await systemHealth(data, principalOf(c).userId, deps.queues);
    const extras = (deps.adminApps ?? []).map((a) => ({ path: `/admin${a.path}`, label: a.label }));
    return c.html(<AdminPage ctx={ctxOf(c)} health={health} extras={extras} />);
  });

  app.get("/customers", async (c) => {
    const reseller = c.req.query("reseller");
    const page = await adminCustomers(data, principalOf(c).userId, {
      cursor: c.req.query("cursor"),
      ...(reseller ? { resellerId: uuidParam(reseller) } : {}),
    });
    return c.html(<AdminCustomersPage ctx={ctxOf(c)} page={page} />);
  });

  app.post("/customers/:customerId/status", async (c) => {
    const form = STATUS_FORM.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400, { message: "Status is active or suspended" });
    const ok = await setCustomerStatus(
      data,
      principalOf(c).userId,
      uuidParam(c.req.param("customerId")),
      {
        status: form.data.status,
        ...(form.data.reason ? { reason: form.data.reason } : {}),
        ...(deps.notifier ? { notifier: deps.notifier } : {}),
      },
    );
    if (!ok) throw new HTTPException(404, { message: "No such page" });
    return c.redirect("/admin/customers", 303);
  });

  app.post("/resellers/:resellerId/status", async (c) => {
    const form = STATUS_FORM.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400, { message: "Status is active or suspended" });
    const ok = await setResellerStatus(
      data,
      principalOf(c).userId,
      uuidParam(c.req.param("resellerId")),
      {
        status: form.data.status,
        ...(form.data.reason ? { reason: form.data.reason } : {}),
        ...(deps.notifier ? { notifier: deps.notifier } : {}),
      },
    );
    if (!ok) throw new HTTPException(404, { message: "No such page" });
    return c.redirect("/admin/resellers", 303);
  });

  app.get("/resellers", async (c) => {
    const resellers = await adminResellers(data, principalOf(c).userId);
    return c.html(<AdminResellersPage ctx={ctxOf(c)} resellers={resellers} />);
  });

  for (const extra of deps.adminApps ?? []) app.route(extra.path, extra.app);

  app.all("*", () => {
    throw new HTTPException(404, { message: "No such page" });
  });
  return app;
}
