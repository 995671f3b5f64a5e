/**
 * A customer's pages under /c/:customerId. Every read goes through RLS as
 * the caller: another customer's id, or an employee, task, frame or approval
 * that is not this customer's, is a 404; a viewer trying to change something
 * is a 403.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { customerAccess } from "../../api/data/access.ts";
import {
  billingExtras,
  createMemberInvite,
  customerOverview,
  decide,
  listApprovals,
  listTeam,
  removeMember,
  setMemberRole,
  usageByDay,
} from "../../api/data/customer.ts";
import { uuidParam } from "../../api/data/errors.ts";
import { taskRecord, taskReplay } from "../../api/data/task-record.ts";
import { getEmployee, getFrame, getTask, listTasks } from "../../api/data/work.ts";
import type { AppEnv } from "../../api/env.ts";
import {
  BillingError,
  type BillingErrorCode,
  billingSummary,
  changePlan,
  createCheckout,
  createPortal,
  type PlanId,
} from "../../billing/index.ts";
import { readDeliverable } from "../../deliverables/queries.ts";
import { listNotes } from "../../memory/index.ts";
import type { CtxOf, DashboardDeps } from "../deps.ts";
import { createSseSink } from "../live/sse.ts";
import { principalOf } from "../middleware.tsx";
import { ApprovalsPage, BillingPage } from "../pages/account.tsx";
import { billingFlash } from "../pages/plans.tsx";
import { TeamPage } from "../pages/team.tsx";
import { EmployeePage, OverviewPage, TaskPage, TasksPage } from "../pages/work.tsx";
import { inviteLink, qrSvg } from "../qr.ts";
import { createCataloguePages } from "./catalogue.tsx";
import { createControlPages } from "./control.ts";
import { deliverableResponse } from "./file-response.ts";
import { createSchedulePages } from "./schedules.tsx";

const ROLE = z.enum(["owner", "admin", "member", "viewer"]);
const FLASH: Record<string, string> = {
  approved: "Approved. The work is starting: you'll hear how it went in Telegram, and below.",
  denied: "Denied: nothing will be done.",
  already_decided: "Someone decided that one already.",
  forbidden: "Your role can't approve this. Ask an owner or admin.",
  expired: "That approval expired before it was decided.",
  role: "Role changed.",
  removed: "Member removed.",
  requested: "Asked for approval: approve the hire below to start the work.",
};

/** Billing's refusals in the customer's words (its own messages are written for developers). */
const BILLING_REFUSALS: Partial<Record<BillingErrorCode, string>> = {
  already_subscribed: "You already pay for a plan: switch plans on the billing page instead.",
  not_subscribed: "There is no paid plan to change yet: subscribe to one first.",
  not_allowed: "Only owners and admins change the plan.",
  unknown_plan: "Choose Free, Pro or Team.",
};

/** Billing's refusals (already subscribed, nothing to change …) become a 409 with its reason. */
async function billingCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BillingError) {
      throw new HTTPException(error.code === "not_allowed" ? 403 : 409, {
        message:
          BILLING_REFUSALS[error.code] ?? "Billing could not do that right now. Please try again.",
        cause: error,
      });
    }
    throw error;
  }
}

/** Routes mounted at /c (behind the page guard). */
export function createCustomerPages(deps: DashboardDeps, ctxOf: CtxOf) {
  const { data } = deps;
  const app = new Hono<AppEnv>();
  const access = (c: Context<AppEnv>) =>
    customerAccess(data, principalOf(c).userId, uuidParam(c.req.param("customerId")));

  app.get("/:customerId", async (c) => {
    const customer = await access(c);
    const overview = await customerOverview(data, principalOf(c).userId, customer.id);
    return c.html(<OverviewPage ctx={ctxOf(c)} customer={customer} overview={overview} />);
  });

  app.get("/:customerId/employees/:employeeId", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const employee = await getEmployee(
      data,
      userId,
      customer.id,
      uuidParam(c.req.param("employeeId")),
    );
    const tasks = await listTasks(data, userId, customer.id, {
      employeeId: employee.id,
      limit: 10,
    });
    const notes = await listNotes(data, userId, employee.id);
    return c.html(
      <EmployeePage
        ctx={ctxOf(c)}
        customer={customer}
        employee={employee}
        tasks={tasks.data}
        control={Boolean(deps.control)}
        notes={notes}
      />,
    );
  });

  app.get("/:customerId/employees/:employeeId/live", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const employee = await getEmployee(
      data,
      userId,
      customer.id,
      uuidParam(c.req.param("employeeId")),
    );
    const live = deps.live;
    return streamSSE(c, async (stream) => {
      if (!live || !employee.vm) {
        // EventSource reconnects after `retry`, so a desktop created later shows up on its own.
        await stream.writeSSE({
          event: "status",
          retry: 5_000,
          data: JSON.stringify({ message: live ? "No desktop yet" : "Live view unavailable" }),
        });
        return;
      }
      await stream.writeSSE({
        event: "status",
        retry: 2_000,
        data: JSON.stringify({ message: "Connecting…" }),
      });
      const { sink } = createSseSink(stream, { lastEventId: c.req.header("last-event-id") });
      const watching = await live.watch(
        { vmId: employee.vm.id, customerId: customer.id, userId },
        sink,
      );
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      await watching.close();
    });
  });

  app.get("/:customerId/tasks", async (c) => {
    const customer = await access(c);
    const page = await listTasks(data, principalOf(c).userId, customer.id, {
      cursor: c.req.query("cursor"),
      limit: 25,
    });
    return c.html(<TasksPage ctx={ctxOf(c)} customer={customer} page={page} />);
  });

  app.get("/:customerId/tasks/:taskId", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const task = await getTask(data, userId, customer.id, uuidParam(c.req.param("taskId")));
    const record = await taskRecord(data, userId, task.id);
    return c.html(<TaskPage ctx={ctxOf(c)} customer={customer} task={task} record={record} />);
  });

  app.get("/:customerId/tasks/:taskId/replay.gif", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const task = await getTask(data, userId, customer.id, uuidParam(c.req.param("taskId")));
    const gif = await taskReplay(data, userId, task.id);
    if (!gif) throw new HTTPException(404, { message: "No replay for this task yet" });
    return c.body(new Uint8Array(gif), 200, {
      "content-type": "image/gif",
      "cache-control": "private, max-age=86400",
    });
  });

  app.get("/:customerId/frames/:frameId", async (c) => {
    const customer = await access(c);
    const frame = await getFrame(
      data,
      principalOf(c).userId,
      customer.id,
      uuidParam(c.req.param("frameId")),
    );
    return c.body(new Uint8Array(frame.bytes), 200, {
      "content-type": frame.contentType,
      "cache-control": "private, max-age=86400, immutable",
      etag: `"${frame.sha256}"`,
    });
  });

  app.get("/:customerId/files/:fileId", async (c) => {
    const customer = await access(c);
    const file = await readDeliverable(
      data,
      principalOf(c).userId,
      uuidParam(c.req.param("fileId")),
    );
    const response =
      file && file.customer_id === customer.id
        ? await deliverableResponse(c, file, deps.fileLinks)
        : undefined;
    if (!response) throw new HTTPException(404, { message: "No such file" });
    return response;
  });

  app.get("/:customerId/approvals", async (c) => {
    const customer = await access(c);
    const approvals = await listApprovals(data, principalOf(c).userId, customer.id, {
      status: "all",
    });
    const flash = FLASH[c.req.query("done") ?? ""];
    return c.html(
      <ApprovalsPage
        ctx={ctxOf(c)}
        customer={customer}
        approvals={approvals}
        {...(flash ? { flash } : {})}
      />,
    );
  });

  app.post("/:customerId/approvals/:approvalId", async (c) => {
    const customer = await access(c);
    const body = await c.req.parseBody();
    const decision = z.enum(["approve", "deny"]).safeParse(body.decision);
    if (!decision.success) throw new HTTPException(400, { message: "Choose approve or deny" });
    const result = await decide(
      deps.approvals,
      principalOf(c).userId,
      customer,
      uuidParam(c.req.param("approvalId")),
      decision.data === "approve",
    );
    return c.redirect(`/c/${customer.id}/approvals?done=${result.outcome}`, 303);
  });

  app.get("/:customerId/billing", async (c) => {
    const customer = await access(c);
    const userId = principalOf(c).userId;
    const summary = await billingSummary(data, { userId, customerId: customer.id });
    const days = await usageByDay(data, userId, customer.id, summary.period);
    const extras = await billingExtras(data, userId, customer.id);
    return c.html(
      <BillingPage
        ctx={ctxOf(c)}
        customer={customer}
        summary={summary}
        days={days}
        extras={extras}
        portal={Boolean(deps.stripe)}
        flash={billingFlash(c.req.query(), summary)}
      />,
    );
  });

  // Paying for a plan: Checkout while nothing is paid for, else a change of the same subscription.
  app.post("/:customerId/billing/checkout", async (c) => {
    const { customer, stripe, plan } = await planRequest(c);
    const origin = deps.publicUrl ?? new URL(c.req.url).origin;
    const back = `${origin}/c/${customer.id}/billing`;
    const { url } = await billingCall(() =>
      createCheckout(
        { data, stripe },
        {
          customerId: customer.id,
          plan,
          userId: principalOf(c).userId,
          successUrl: `${back}?checkout=done`,
          cancelUrl: `${back}?checkout=cancelled`,
        },
      ),
    );
    return c.redirect(url, 303);
  });

  app.post("/:customerId/billing/plan", async (c) => {
    const { customer, stripe, plan } = await planRequest(c);
    const { effective } = await billingCall(() =>
      changePlan(
        { data, stripe },
        { customerId: customer.id, plan, userId: principalOf(c).userId },
      ),
    );
    const note = effective === "period_end" ? "ending" : "changed";
    return c.redirect(`/c/${customer.id}/billing?plan=${note}`, 303);
  });

  /** The customer, Stripe and the plan asked for, or the page's 4xx. */
  const planRequest = async (c: Parameters<typeof access>[0]) => {
    const customer = await access(c);
    if (!customer.canManage)
      throw new HTTPException(403, { message: "Only owners and admins change the plan" });
    if (!deps.stripe) throw new HTTPException(404, { message: "Billing is not configured" });
    const plan = z.enum(["free", "pro", "team"]).safeParse((await c.req.parseBody()).plan);
    if (!plan.success) throw new HTTPException(400, { message: "Choose Free, Pro or Team" });
    return { customer, stripe: deps.stripe, plan: plan.data as PlanId };
  };

  app.post("/:customerId/billing/portal", async (c) => {
    const customer = await access(c);
    if (!customer.canManage)
      throw new HTTPException(403, { message: "Only owners and admins manage billing" });
    if (!deps.stripe) throw new HTTPException(404, { message: "Billing is not configured" });
    const origin = deps.publicUrl ?? new URL(c.req.url).origin;
    try {
      const { url } = await createPortal(
        { data, stripe: deps.stripe },
        {
          customerId: customer.id,
          userId: principalOf(c).userId,
          returnUrl: `${origin}/c/${customer.id}/billing`,
        },
      );
      return c.redirect(url, 303);
    } catch (error) {
      if ((error as { name?: string }).name === "BillingError") {
        throw new HTTPException(409, { message: (error as Error).message, cause: error });
      }
      throw error;
    }
  });

  app.get("/:customerId/team", async (c) => {
    const customer = await access(c);
    const team = await listTeam(data, principalOf(c).userId, customer.id);
    return c.html(<TeamPage ctx={ctxOf(c)} customer={customer} {...team} />);
  });

  app.post("/:customerId/team/invites", async (c) => {
    const customer = await access(c);
    const role = ROLE.safeParse((await c.req.parseBody()).role);
    if (!role.success) throw new HTTPException(400, { message: "Choose a role" });
    const userId = principalOf(c).userId;
    const invite = await createMemberInvite(data, userId, customer, role.data);
    const link = inviteLink(deps, invite.token);
    const team = await listTeam(data, userId, customer.id);
    return c.html(
      <TeamPage
        ctx={ctxOf(c)}
        customer={customer}
        {...team}
        created={{ svg: await qrSvg(link), link, role: role.data }}
      />,
    );
  });

  app.post("/:customerId/team/:membershipId/role", async (c) => {
    const customer = await access(c);
    const role = ROLE.safeParse((await c.req.parseBody()).role);
    if (!role.success) throw new HTTPException(400, { message: "Choose a role" });
    await setMemberRole(
      data,
      principalOf(c).userId,
      customer,
      uuidParam(c.req.param("membershipId")),
      role.data,
    );
    return c.redirect(`/c/${customer.id}/team?done=role`, 303);
  });

  app.post("/:customerId/team/:membershipId/remove", async (c) => {
    const customer = await access(c);
    await removeMember(
      data,
      principalOf(c).userId,
      customer,
      uuidParam(c.req.param("membershipId")),
    );
    return c.redirect(`/c/${customer.id}/team?done=removed`, 303);
  });

  // The catalogue, hiring and employees' notes (roles/, agents/knights/notes.ts).
  app.route("/", createCataloguePages(deps, ctxOf));
  // Recurring work has its own file; mounted here, behind the same guard, before the catch-all.
  if (deps.schedules)
    app.route("/", createSchedulePages({ ...deps, schedules: deps.schedules }, ctxOf));
  if (deps.control) app.route("/", createControlPages({ control: deps.control }));

  app.all("*", () => {
    throw new HTTPException(404, { message: "No such page" });
  });
  return app;
}
