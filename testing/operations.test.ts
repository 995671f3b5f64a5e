/**
 * One operation, one function, checked from the outside: the same operation
 * asked for through different channels (the bot, the dashboard, the JSON
 * API, King Mouse's tool) has the same effect and writes the same audit row,
 * and one approval decided at once from the bot and the dashboard runs once.
 */
import type { InlineKeyboardButton } from "grammy/types";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTask as stopTaskTool } from "../agents/brain/tools/stop-task.ts";
import { createApiRoutes } from "../api/api-routes.ts";
import { createApp } from "../api/app.ts";
import type { AppEnv } from "../api/env.ts";
import type { Principal } from "../api/principal.ts";
import { createWebKit } from "../api/web-kit.ts";
import { requestApproval } from "../approvals/index.ts";
import { createCsrfTokens } from "../dashboard/csrf.ts";
import { createDashboardRoutes } from "../dashboard/index.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { ADMIN_TELEGRAM_ID, APP_SECRET, type BotHarness, startBotHarness } from "./index.ts";

const ORIGIN = "http://localhost";

describe("the same operation through every channel", () => {
  let h: BotHarness;
  let app: Hono<AppEnv>;
  let kit: ReturnType<typeof createWebKit>;
  const executed: string[] = [];

  beforeAll(async () => {
    h = await startBotHarness({
      brain: {
        // King Mouse asks for a deployment whenever told to; the card carries Approve / Deny.
        handleMessage: async ({ userId, customerId, text }) => {
          const approval = await h.data.asService("test: request", (tx) =>
            requestApproval(tx, {
              customerId,
              userId,
              kind: "deploy_employee",
              summary: `Deploy: ${text}`,
              payload: { task: text },
            }),
          );
          return { text: "Approve?", approval: { id: approval.id, summary: "Deploy" } };
        },
      },
    });
    h.executors.register("deploy_employee", async (approval) => {
      executed.push(approval.id);
      return "Your knight is starting now.";
    });
    const logger = createLogger({ level: "silent" });
    kit = createWebKit({ data: h.data, appSecret: APP_SECRET });
    const deps = {
      data: h.data,
      appSecret: APP_SECRET,
      kit,
      logger,
      botUsername: "mouse_bot",
      approvals: h.approvals,
      notifier: h.notifier,
    };
    app = createApp({
      logger,
      metrics: createMetrics({ defaults: false }),
      readiness: () => [],
      api: createApiRoutes(deps),
      dashboard: createDashboardRoutes(deps),
    }) as unknown as Hono<AppEnv>;
  });
  afterAll(() => h?.close());

  /** A signed-in web client for a user. */
  const web = async (userId: string) => {
    const { token, claims } = await kit.sessions.issue(userId);
    const cookie = `__Host-mouse_session=${token}`;
    const csrf = createCsrfTokens(APP_SECRET).token({ userId, session: claims } as Principal);
    return {
      form: (path: string, form: Record<string, string>) =>
        app.request(`${ORIGIN}${path}`, {
          method: "POST",
          headers: {
            cookie,
            origin: ORIGIN,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ ...form, _csrf: csrf }).toString(),
        }),
      json: (path: string, body: unknown) =>
        app.request(`${ORIGIN}/api${path}`, {
          method: "POST",
          headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
    };
  };

  /** The audit rows of one action on some targets, without what differs by nature (ids, times). */
  const auditOf = async (action: string, targets: string[]) => {
    const { rows } = await h.db.pool.query<{
      target_id: string;
      target_type: string;
      actor_kind: string;
      customer_id: string | null;
      detail: Record<string, unknown>;
    }>(
      `select target_id::text, target_type, actor_kind, customer_id::text, detail
         from public.audit_log where action = $1 and target_id::text = any($2) order by id`,
      [action, targets],
    );
    return rows;
  };

  it("runs an approval decided at once in Telegram and on the dashboard exactly once", async () => {
    const { customerId, userId } = await h.member(330_001);
    const u = h.telegram.users.get(330_001);
    u.sendText("update the opening hours");
    const card = await h.next(u.chatId, "Approve?");
    const approve = (
      card.reply_markup!.inline_keyboard[0] as InlineKeyboardButton.CallbackButton[]
    ).find((b) => b.text.includes("Approve"))!;
    const { rows } = await h.db.pool.query<{ id: string }>(
      "select id from public.approvals where customer_id = $1",
      [customerId],
    );
    const approvalId = rows[0]!.id;
    const browser = await web(userId);
    const [tap, form] = await Promise.all([
      u.pressButton(card, approve.callback_data).waitForAnswer(),
      browser.form(`/c/${customerId}/approvals/${approvalId}`, { decision: "approve" }),
    ]);
    const outcomes = [tap.text, form.headers.get("location")?.split("done=")[1]];
    // Exactly one of them decided; the other was told the first decision.
    expect(outcomes.sort()).toSatisfy(
      (o: string[]) =>
        JSON.stringify(o) === JSON.stringify(["Already approved.", "approved"]) ||
        JSON.stringify(o) === JSON.stringify(["Approved", "already_decided"]),
    );
    await h.next(u.chatId, "Your knight is starting now.");
    expect(executed.filter((id) => id === approvalId)).toHaveLength(1);
    const again = await browser.json(`/customers/${customerId}/approvals/${approvalId}`, {
      decision: "deny",
    });
    expect(await again.json()).toEqual({ outcome: "already_decided", status: "approved" });
  });

  it("stops a task the same way from /stop, King Mouse's tool and the knights' service path", async () => {
    const { customerId, userId } = await h.member(330_010);
    const ids = await h.data.asService("test: tasks", async (tx) => {
      const made: string[] = [];
      for (const status of ["running", "waiting_for_input", "running"]) {
        const { rows } = await tx.query<{ id: string }>(
          "insert into public.tasks (customer_id, request, status) values ($1, 'Job', $2) returning id",
          [customerId, status],
        );
        made.push(rows[0]!.id);
      }
      return made;
    });
    const [viaBot, viaTool, viaTool2] = ids as [string, string, string];
    const u = h.telegram.users.get(330_010);
    u.sendText(`/stop ${viaBot.slice(0, 8)}`);
    await h.next(u.chatId, "Stopping task");
    const tool = await h.data.asUser({ sub: userId }, (tx) =>
      stopTaskTool.run(tx, { taskId: viaTool }, { userId, customerId }),
    );
    expect(tool.isError).toBeUndefined();
    await h.data.asUser({ sub: userId }, (tx) =>
      stopTaskTool.run(tx, { taskId: viaTool2 }, { userId, customerId }),
    );
    const { rows: tasks } = await h.db.pool.query<{ id: string; status: string; stop: boolean }>(
      "select id, status, cancel_requested_at is not null as stop from public.tasks where id = any($1)",
      [ids],
    );
    const byId = Object.fromEntries(tasks.map((t) => [t.id, t]));
    // Running tasks are asked to stop at their next step; one waiting for the customer ends now.
    expect(byId[viaBot]).toMatchObject({ status: "running", stop: true });
    expect(byId[viaTool]).toMatchObject({ status: "cancelled", stop: true });
    expect(byId[viaTool2]).toMatchObject({ status: "running", stop: true });
    const audit = await auditOf("task.stop_requested", ids);
    expect(audit).toHaveLength(3);
    const shape = (a: (typeof audit)[number]) => ({
      target_type: a.target_type,
      actor_kind: a.actor_kind,
      customer_id: a.customer_id,
      detailKeys: Object.keys(a.detail).sort(),
    });
    expect(shape(audit[0]!)).toEqual(shape(audit[2]!));
    expect(audit.map((a) => a.detail.was)).toEqual(["running", "waiting_for_input", "running"]);
  });

  it("suspends the same way from /admin_suspend, the dashboard and the JSON API", async () => {
    const admin = await h.db.pool.query<{ id: string }>(
      "select id from public.users where telegram_user_id = $1",
      [ADMIN_TELEGRAM_ID],
    );
    const adminId = admin.rows[0]!.id;
    const chats = [330_021, 330_022, 330_023];
    // Each owner has opened the bot, so Telegram lets it write to them.
    for (const chat of chats) h.telegram.users.get(chat);
    const customers = await Promise.all(chats.map((id) => h.member(id).then((m) => m.customerId)));
    const [viaBot, viaDashboard, viaApi] = customers as [string, string, string];
    const reason = "Card declined twice";
    const a = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    const browser = await web(adminId);

    // A suspension without a reason is refused by every channel and changes nothing.
    a.sendText(`/admin_suspend ${viaBot}`);
    await h.next(a.chatId, "Usage: /admin_suspend");
    expect(
      (await browser.form(`/admin/customers/${viaDashboard}/status`, { status: "suspended" }))
        .status,
    ).toBe(400);
    expect(
      (await browser.json(`/admin/customers/${viaApi}/status`, { status: "suspended" })).status,
    ).toBe(400);

    a.sendText(`/admin_suspend ${viaBot} ${reason}`);
    await h.next(a.chatId, "is now suspended");
    expect(
      (
        await browser.form(`/admin/customers/${viaDashboard}/status`, {
          status: "suspended",
          reason,
        })
      ).status,
    ).toBe(303);
    expect(
      (await browser.json(`/admin/customers/${viaApi}/status`, { status: "suspended", reason }))
        .status,
    ).toBe(200);
    const { rows } = await h.db.pool.query<{ status: string; status_reason: string }>(
      "select status, status_reason from public.customers where id = any($1)",
      [customers],
    );
    expect(rows).toEqual(customers.map(() => ({ status: "suspended", status_reason: reason })));
    // Each customer is told at once, with the reason and the way out.
    for (const chat of chats) {
      const notice = await h.next(chat, `has been suspended: ${reason}`);
      expect(notice.text).toContain("/billing");
    }
    const audit = await auditOf("customer.suspended", customers);
    expect(audit.map(({ target_id, customer_id, ...same }) => same)).toEqual(
      customers.map(() => ({ target_type: "customer", actor_kind: "admin", detail: { reason } })),
    );
    expect(audit.map((r) => r.target_id)).toEqual(customers);
  });

  it("credits the same way from /admin_credit and billing's function, once per command", async () => {
    const { customerId } = await h.member(330_030);
    const a = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    a.sendText(`/admin_credit ${customerId.slice(0, 8)} 12.50`);
    await h.next(a.chatId, "Credited $12.50");
    a.sendText(`/admin_credit ${customerId.slice(0, 8)} -2.50`);
    await h.next(a.chatId, "Took back $2.50");
    const { rows } = await h.db.pool.query<{ kind: string; amount: string }>(
      "select kind, amount_micros::text as amount from public.credit_ledger where customer_id = $1 order by created_at",
      [customerId],
    );
    expect(rows).toEqual([
      { kind: "credit", amount: "12500000" },
      { kind: "adjustment", amount: "-2500000" },
    ]);
    const { rows: audit } = await h.db.pool.query<{ actor_kind: string; detail: unknown }>(
      "select actor_kind, detail from public.audit_log where action = 'billing.credit' and customer_id = $1 order by id",
      [customerId],
    );
    expect(audit).toEqual([
      {
        actor_kind: "admin",
        detail: { amountMicros: 12_500_000, reason: "admin credit via Telegram" },
      },
      {
        actor_kind: "admin",
        detail: { amountMicros: -2_500_000, reason: "admin credit via Telegram" },
      },
    ]);
  });
});
