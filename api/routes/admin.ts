/** JSON for platform admins under /api/admin (404 for everyone else). */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { STATUS_REASON_MAX } from "../../accounts/index.ts";
import type { Data } from "../../db/index.ts";
import type { Notifier } from "../../notify/index.ts";
import type { QueueKit } from "../../queue/index.ts";
import {
  adminCustomers,
  adminResellers,
  setCustomerStatus,
  setResellerStatus,
  systemHealth,
} from "../data/admin.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, pageQuery, uuid } from "./validation.ts";

/** Suspending needs a reason the customer will read; resuming needs none. */
const statusBody = z.object({
  status: z.enum(["active", "suspended"]),
  reason: z.string().trim().min(1).max(STATUS_REASON_MAX).optional(),
});

/** Routes mounted at /api/admin. */
export function createAdminApi({
  data,
  queues,
  notifier,
}: {
  data: Data;
  queues?: QueueKit;
  notifier?: Pick<Notifier, "send">;
}) {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    if (!requirePrincipal(c.get("principal")).isAdmin)
      throw new HTTPException(404, { message: "Not found" });
    await next();
  });
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) =>
    requirePrincipal(c.get("principal")).userId;
  return app
    .get("/health", async (c) => c.json(await systemHealth(data, who(c), queues)))
    .get("/resellers", async (c) => c.json({ data: await adminResellers(data, who(c)) }))
    .get(
      "/customers",
      zValidator("query", pageQuery.extend({ resellerId: uuid.optional() }), invalid),
      async (c) => {
        const { cursor, limit, resellerId } = c.req.valid("query");
        return c.json(
          await adminCustomers(data, who(c), {
            limit,
            ...(cursor ? { cursor } : {}),
            ...(resellerId ? { resellerId } : {}),
          }),
        );
      },
    )
    .post(
      "/customers/:customerId/status",
      zValidator("param", z.object({ customerId: uuid }), invalid),
      zValidator("json", statusBody, invalid),
      async (c) => {
        const { customerId } = c.req.valid("param");
        const { status, reason } = c.req.valid("json");
        const request = {
          status,
          ...(reason ? { reason } : {}),
          ...(notifier ? { notifier } : {}),
        };
        if (!(await setCustomerStatus(data, who(c), customerId, request))) {
          throw new HTTPException(404, { message: "Not found" });
        }
        return c.json({ customerId, status });
      },
    )
    .post(
      "/resellers/:resellerId/status",
      zValidator("param", z.object({ resellerId: uuid }), invalid),
      zValidator("json", statusBody, invalid),
      async (c) => {
        const { resellerId } = c.req.valid("param");
        const { status, reason } = c.req.valid("json");
        const request = { status, ...(reason ? { reason } : {}) };
        if (!(await setResellerStatus(data, who(c), resellerId, request))) {
          throw new HTTPException(404, { message: "Not found" });
        }
        return c.json({ resellerId, status });
      },
    );
}
