/** JSON for resellers under /api/resellers/:resellerId: earnings, customers, onboarding. */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { monthPeriod, parsePeriodKey } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import { text } from "../../lib/text.ts";
import { resellerAccess } from "../data/access.ts";
import { listCustomers } from "../data/customer-list.ts";
import {
  customerInvite,
  newResellerCustomer,
  renewCustomerInvite,
  resellerCustomers,
} from "../data/reseller.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, pageQuery, uuid } from "./validation.ts";

const resellerParam = z.object({ resellerId: uuid });

/** Routes mounted at /api/resellers/:resellerId. */
export function createResellerApi({
  data,
  deepLink,
}: {
  data: Data;
  deepLink: (token: string) => string;
}) {
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) =>
    requirePrincipal(c.get("principal")).userId;
  return new Hono<AppEnv>()
    .get(
      "/",
      zValidator("param", resellerParam, invalid),
      zValidator(
        "query",
        z.object({
          period: z
            .string()
            .regex(/^\d{4}-\d{2}$/)
            .optional(),
        }),
        invalid,
      ),
      async (c) => {
        const reseller = await resellerAccess(data, who(c), c.req.valid("param").resellerId);
        const { period } = c.req.valid("query");
        const { customers, earnings } = await resellerCustomers(
          data,
          who(c),
          reseller,
          period ? parsePeriodKey(period) : monthPeriod(),
        );
        return c.json({ reseller, earnings, customers });
      },
    )
    .get(
      "/customers",
      zValidator("param", resellerParam, invalid),
      zValidator("query", pageQuery, invalid),
      async (c) => {
        const reseller = await resellerAccess(data, who(c), c.req.valid("param").resellerId);
        const { cursor, limit } = c.req.valid("query");
        return c.json(
          await listCustomers(data, who(c), {
            resellerId: reseller.id,
            limit,
            ...(cursor ? { cursor } : {}),
          }),
        );
      },
    )
    .post(
      "/customers",
      zValidator("param", resellerParam, invalid),
      zValidator("json", z.object({ name: text().trim().min(1).max(200) }), invalid),
      async (c) => {
        const reseller = await resellerAccess(data, who(c), c.req.valid("param").resellerId);
        const created = await newResellerCustomer(data, who(c), reseller, c.req.valid("json").name);
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
    )
    .get(
      "/customers/:customerId/invite",
      zValidator("param", resellerParam.extend({ customerId: uuid }), invalid),
      async (c) => {
        const { resellerId, customerId } = c.req.valid("param");
        const reseller = await resellerAccess(data, who(c), resellerId);
        const view = await customerInvite(data, who(c), reseller, customerId);
        return c.json({
          ...view,
          deepLink: view.token && !view.redeemed ? deepLink(view.token) : null,
        });
      },
    )
    .post(
      "/customers/:customerId/invite",
      zValidator("param", resellerParam.extend({ customerId: uuid }), invalid),
      async (c) => {
        const { resellerId, customerId } = c.req.valid("param");
        const reseller = await resellerAccess(data, who(c), resellerId);
        const invite = await renewCustomerInvite(data, who(c), reseller, customerId);
        return c.json({ ...invite, deepLink: deepLink(invite.token) }, 201);
      },
    );
}
