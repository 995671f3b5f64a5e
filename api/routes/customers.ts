/**
 * JSON for one customer's data under /api/customers/:customerId: the same
 * reads as the dashboard, through RLS as the caller (a person or an API key).
 */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import type { Approvals } from "../../approvals/index.ts";
import { billingSummary } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import { customerAccess } from "../data/access.ts";
import {
  billingExtras,
  createMemberInvite,
  customerOverview,
  decide,
  listApprovals,
  listTeam,
  usageByDay,
} from "../data/customer.ts";
import { getEmployee, getFrame, getTask, listEmployees, listTasks } from "../data/work.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, pageQuery, uuid } from "./validation.ts";

const customerParam = z.object({ customerId: uuid });

/** Routes mounted at /api/customers/:customerId. */
export function createCustomerApi({
  data,
  approvals,
  deepLink,
}: {
  data: Data;
  approvals: Approvals;
  deepLink: (token: string) => string;
}) {
  const app = new Hono<AppEnv>();
  const who = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) =>
    requirePrincipal(c.get("principal")).userId;

  return app
    .get("/", zValidator("param", customerParam, invalid), async (c) => {
      const customer = await customerAccess(data, who(c), c.req.valid("param").customerId);
      const overview = await customerOverview(data, who(c), customer.id);
      return c.json({ customer, ...overview });
    })
    .get("/employees", zValidator("param", customerParam, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      await customerAccess(data, who(c), customerId);
      return c.json({ data: await listEmployees(data, who(c), customerId) });
    })
    .get(
      "/employees/:employeeId",
      zValidator("param", customerParam.extend({ employeeId: uuid }), invalid),
      async (c) => {
        const { customerId, employeeId } = c.req.valid("param");
        await customerAccess(data, who(c), customerId);
        return c.json(await getEmployee(data, who(c), customerId, employeeId));
      },
    )
    .get(
      "/tasks",
      zValidator("param", customerParam, invalid),
      zValidator("query", pageQuery.extend({ employeeId: uuid.optional() }), invalid),
      async (c) => {
        const { customerId } = c.req.valid("param");
        const { cursor, limit, employeeId } = c.req.valid("query");
        await customerAccess(data, who(c), customerId);
        return c.json(
          await listTasks(data, who(c), customerId, {
            limit,
            ...(cursor ? { cursor } : {}),
            ...(employeeId ? { employeeId } : {}),
          }),
        );
      },
    )
    .get(
      "/tasks/:taskId",
      zValidator("param", customerParam.extend({ taskId: uuid }), invalid),
      async (c) => {
        const { customerId, taskId } = c.req.valid("param");
        await customerAccess(data, who(c), customerId);
        return c.json(await getTask(data, who(c), customerId, taskId));
      },
    )
    .get(
      "/frames/:frameId",
      zValidator("param", customerParam.extend({ frameId: uuid }), invalid),
      async (c) => {
        const { customerId, frameId } = c.req.valid("param");
        await customerAccess(data, who(c), customerId);
        const frame = await getFrame(data, who(c), customerId, frameId);
        return c.body(new Uint8Array(frame.bytes), 200, {
          "content-type": frame.contentType,
          "cache-control": "private, max-age=86400, immutable",
        });
      },
    )
    .get(
      "/approvals",
      zValidator("param", customerParam, invalid),
      zValidator(
        "query",
        z.object({ status: z.enum(["pending", "all"]).default("pending") }),
        invalid,
      ),
      async (c) => {
        const { customerId } = c.req.valid("param");
        await customerAccess(data, who(c), customerId);
        const approvals = await listApprovals(data, who(c), customerId, c.req.valid("query"));
        return c.json({ data: approvals });
      },
    )
    .post(
      "/approvals/:approvalId",
      zValidator("param", customerParam.extend({ approvalId: uuid }), invalid),
      zValidator("json", z.object({ decision: z.enum(["approve", "deny"]) }), invalid),
      async (c) => {
        const { customerId, approvalId } = c.req.valid("param");
        const customer = await customerAccess(data, who(c), customerId);
        const approve = c.req.valid("json").decision === "approve";
        return c.json(await decide(approvals, who(c), customer, approvalId, approve));
      },
    )
    .get("/billing", zValidator("param", customerParam, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      await customerAccess(data, who(c), customerId);
      const summary = await billingSummary(data, { userId: who(c), customerId });
      const days = await usageByDay(data, who(c), customerId, summary.period);
      const extras = await billingExtras(data, who(c), customerId);
      return c.json({ ...summary, usageByDay: days, ...extras });
    })
    .get("/members", zValidator("param", customerParam, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      await customerAccess(data, who(c), customerId);
      const team = await listTeam(data, who(c), customerId);
      return c.json({ data: team.members, invites: team.invites.length });
    })
    .post(
      "/invites",
      zValidator("param", customerParam, invalid),
      zValidator(
        "json",
        z.object({ role: z.enum(["owner", "admin", "member", "viewer"]) }),
        invalid,
      ),
      async (c) => {
        const customer = await customerAccess(data, who(c), c.req.valid("param").customerId);
        const invite = await createMemberInvite(data, who(c), customer, c.req.valid("json").role);
        return c.json(
          { token: invite.token, expiresAt: invite.expiresAt, deepLink: deepLink(invite.token) },
          201,
        );
      },
    );
}
