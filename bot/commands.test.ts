import type { InlineKeyboardButton, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestApproval } from "../approvals/index.ts";
import {
  ADMIN_TELEGRAM_ID,
  type BotHarness,
  databaseBackends,
  startBotHarness,
} from "../testing/index.ts";
import { UNKNOWN_COMMAND } from "./index.ts";

describe.each(databaseBackends())("bot commands, admin and approvals (%s)", (backend) => {
  let h: BotHarness;
  const executed: string[] = [];
  beforeAll(async () => {
    h = await startBotHarness({
      backend,
      // The brain's port: "deploy …" asks for consent the way the real brain does (a real approval row).
      brain: {
        handleMessage: async ({ userId, customerId, text }) => {
          if (!text.startsWith("deploy")) return { text: `Noted: ${text}` };
          const approval = await h.data.asUser({ sub: userId }, (tx) =>
            requestApproval(tx, {
              customerId,
              userId,
              kind: "deploy_employee",
              summary: "Hire a web developer",
              payload: { task: text },
            }),
          );
          return {
            text: "I'd like to hire a web developer for this. Approve?",
            approval: { id: approval.id, summary: "Hire" },
          };
        },
      },
    });
    h.executors.register("deploy_employee", async (approval) => {
      executed.push(approval.id);
      return "Your knight is starting now.";
    });
  });
  afterAll(() => h?.close());

  it("answers /help, /employees, /status, /billing and /dashboard for a customer", async () => {
    const { customerId } = await h.member(320_001, { customerName: "Bakery" });
    await h.data.asService("test", async (tx) => {
      const e = await tx.query<{ id: string }>(
        "insert into public.employees (customer_id, name, role_template) values ($1, 'Pixel', 'web_developer') returning id",
        [customerId],
      );
      await tx.query(
        "insert into public.tasks (id, customer_id, employee_id, request, status, step_count) values ('3f2a91c0-0000-4000-8000-000000000001', $1, $2, 'Update the opening hours', 'running', 4)",
        [customerId, e.rows[0]!.id],
      );
    });
    const u = h.telegram.users.get(320_001);
    u.sendText("/help");
    await h.next(u.chatId, "/employees — your knights");
    u.sendText("/employees");
    await h.next(u.chatId, "Pixel — web developer, idle (1 active task)");
    u.sendText("/status");
    const status = await h.next(
      u.chatId,
      /3f2a91c0 Update the opening hours\n\s+running · Pixel · 4 steps/,
    );
    // No HTTPS here: the knight at work gets an ordinary link to its live view.
    expect(status.reply_markup?.inline_keyboard[0]?.[0]).toEqual({
      text: "👀 Watch / take over",
      url: expect.stringMatching(new RegExp(`/c/${customerId}/employees/[0-9a-f-]{36}$`)),
    });
    u.sendText("/status 3f2a91c0");
    await h.next(u.chatId, "3f2a91c0");
    u.sendText("/status zzz");
    await h.next(u.chatId, "Give me the task's code");
    u.sendText("/billing");
    await h.next(u.chatId, /Free plan[\s\S]*Messages: 0 of 200 included/);
    u.sendText("/dashboard");
    const link = await h.next(u.chatId, "works once and expires in 10 minutes");
    expect(link.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({
      url: expect.stringMatching(/\/login\/[A-Za-z0-9_-]{40,}$/),
    });
    u.sendText("/cancel");
    await h.next(u.chatId, "nothing to cancel");
  });

  it("stops a task for a member, but not for a viewer or another customer", async () => {
    const owner = await h.member(320_010);
    const viewer = await h.member(320_011, { role: "viewer" });
    const taskId = "aa11bb22-0000-4000-8000-000000000002";
    await h.data.asService("test", (tx) =>
      tx.query(
        "insert into public.tasks (id, customer_id, request, status) values ($1, $2, 'Long job', 'running')",
        [taskId, owner.customerId],
      ),
    );
    const stranger = h.telegram.users.get(320_011);
    stranger.sendText("/stop aa11bb22");
    await h.next(stranger.chatId, "I can't find a task aa11bb22");
    const u = h.telegram.users.get(320_010);
    u.sendText("/stop aa11bb22");
    await h.next(u.chatId, "Stopping task aa11bb22");
    const { rows } = await h.db.pool.query(
      "select cancel_requested_at is not null as stopping from public.tasks where id = $1",
      [taskId],
    );
    expect(rows[0]).toEqual({ stopping: true });

    // A viewer of the same customer sees the task but cannot stop it.
    await h.data.asService("test", (tx) =>
      tx.query(
        "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'viewer') on conflict do nothing",
        [viewer.userId, owner.customerId],
      ),
    );
    await h.data.asService("test", (tx) =>
      tx.query("delete from public.memberships where user_id = $1 and customer_id = $2", [
        viewer.userId,
        viewer.customerId,
      ]),
    );
    await h.data.asService("test", (tx) =>
      tx.query(
        "insert into public.tasks (id, customer_id, request, status) values ('cc33dd44-0000-4000-8000-000000000003', $1, 'Other', 'queued')",
        [owner.customerId],
      ),
    );
    stranger.sendText("/stop cc33dd44");
    await h.next(stranger.chatId, "can view tasks but not stop them");
  });

  it("tells a suspended customer so, and strangers how to join", async () => {
    h.telegram.users.get(320_020);
    await h.member(320_020, { status: "suspended", customerName: "Shady Ltd" });
    const u = h.telegram.users.get(320_020);
    u.sendText("do my taxes");
    await h.next(u.chatId, "The Mouse account of Shady Ltd is suspended");
    // Billing stays open: it is how a suspended customer puts things right.
    await h.db.pool.query(
      "update public.customers set status_reason = 'Unpaid invoice' where name = 'Shady Ltd'",
    );
    u.sendText("/billing");
    const billing = await h.next(u.chatId, "This account is suspended: Unpaid invoice");
    expect(billing.text).toContain("plan");
    const s = h.telegram.users.get(320_021);
    s.sendText("/employees");
    await h.next(s.chatId, "I don't know you yet");
  });

  it("runs every admin command for an admin, audited, and hides them from everyone else", async () => {
    const target = await h.member(320_030, { customerName: "Target Co" });
    const ref = target.customerId.slice(0, 8);
    const admin = h.telegram.users.get(ADMIN_TELEGRAM_ID);
    const nobody = h.telegram.users.get(320_031);
    await h.member(320_031);
    for (const command of [
      `/admin_stats`,
      `/admin_customers`,
      `/admin_suspend ${ref} Unpaid invoice`,
      `/admin_credit ${ref} 25`,
      `/admin_broadcast hi`,
      `/admin_tasks`,
      `/admin_kill ffffffff`,
    ]) {
      nobody.sendText(command);
      await h.next(nobody.chatId, UNKNOWN_COMMAND);
    }
    const { rows: untouched } = await h.db.pool.query(
      "select status from public.customers where id = $1",
      [target.customerId],
    );
    expect(untouched[0].status).toBe("active");

    // /help lists the admin commands to an admin only, and the admin's own menu gains them.
    nobody.sendText("/help");
    const plainHelp = await h.next(nobody.chatId, "/employees");
    expect(plainHelp.text).not.toContain("/admin_");
    admin.sendText("/help");
    const adminHelp = await h.next(admin.chatId, "/admin_stats");
    expect(adminHelp.text).toContain("/admin_kill");
    const menu = await h.bot.api.getMyCommands({
      scope: { type: "chat", chat_id: ADMIN_TELEGRAM_ID },
    });
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(["help", "admin_stats"]));

    admin.sendText("/admin_stats");
    await h.next(admin.chatId, /Customers: \d+ \(\d+ suspended\)/);
    admin.sendText("/admin_customers");
    await h.next(admin.chatId, "Target Co");
    admin.sendText(`/admin_suspend ${ref}`);
    await h.next(admin.chatId, "Usage: /admin_suspend");
    admin.sendText(`/admin_suspend ${ref} Unpaid invoice`);
    await h.next(admin.chatId, "Target Co is now suspended.");
    await h.next(320_030, "has been suspended: Unpaid invoice");
    admin.sendText(`/admin_resume ${ref}`);
    await h.next(admin.chatId, "Target Co is now active.");
    await h.next(320_030, "Target Co is active again");
    admin.sendText(`/admin_credit ${ref} 25.50`);
    await h.next(admin.chatId, "Credited $25.50 to Target Co.");
    admin.sendText(`/admin_credit ${ref} lots`);
    await h.next(admin.chatId, "Usage: /admin_credit");
    admin.sendText("/admin_tasks");
    await h.next(admin.chatId, /running|No running tasks/);
    admin.sendText("/admin_kill aa11bb22");
    await h.next(admin.chatId, "Stopping 1 task matching aa11bb22.");
    admin.sendText("/admin_broadcast Maintenance tonight at 22:00");
    await h.next(admin.chatId, /Broadcast queued for \d+ chats/);
    await h.next(nobody.chatId, "Maintenance tonight at 22:00");

    const { rows: audit } = await h.db.pool.query(
      `select action, actor_kind from public.audit_log where action in
        ('customer.suspended','customer.resumed','billing.credit','broadcast.sent','task.stop_requested')
        and actor_kind = 'admin' order by id`,
    );
    // aa11bb22 was already stopping (the member's /stop above, audited then): the kill adds no second request.
    expect(audit.map((r) => r.action)).toEqual([
      "customer.suspended",
      "customer.resumed",
      "billing.credit",
      "broadcast.sent",
    ]);
    expect(new Set(audit.map((r) => r.actor_kind))).toEqual(new Set(["admin"]));
    const { rows: credit } = await h.db.pool.query(
      "select amount_micros::text from public.credit_ledger where customer_id = $1",
      [target.customerId],
    );
    expect(credit).toEqual([{ amount_micros: "25500000" }]);
  });

  it("approves by button once, however often it is tapped, and ignores forged buttons", async () => {
    const { customerId } = await h.member(320_040);
    const u = h.telegram.users.get(320_040);
    u.sendText("deploy a website update");
    const ask = await h.next(u.chatId, "Approve?");
    const [approve, deny] = ask.reply_markup!
      .inline_keyboard[0]! as InlineKeyboardButton.CallbackButton[];
    expect(Buffer.byteLength(approve!.callback_data!)).toBeLessThanOrEqual(64);
    expect(deny!.text).toContain("Deny");

    // A forged button: same shape and our approval id, but not signed by us for this chat.
    const forged = `${approve!.callback_data!.split(":").slice(0, 3).join(":")}:AAAAAAAAAAAA`;
    expect(await pressForged(h, ask, forged)).toBe("This button isn't valid.");
    const first = u.pressButton(ask, approve!.callback_data!);
    const second = u.pressButton(ask, approve!.callback_data!);
    expect((await first.waitForAnswer()).text).toBe("Approved");
    expect((await second.waitForAnswer()).text).toMatch(/Already approved|isn't valid|expired/);
    await h.next(u.chatId, "Your knight is starting now.");
    expect(executed).toHaveLength(1);
    const { rows } = await h.db.pool.query(
      "select status from public.approvals where customer_id = $1",
      [customerId],
    );
    expect(rows).toEqual([{ status: "approved" }]);
  });
});

/**
 * Delivers a callback query whose data no button of ours carries, as a
 * tampered client could, straight to the bot (grammY's handleUpdate), and
 * returns the text the bot answered it with.
 */
async function pressForged(
  h: BotHarness,
  message: Message,
  data: string,
): Promise<string | undefined> {
  const id = `forged-${Date.now()}`;
  await h.bot.handleUpdate({
    update_id: 999_000_000 + Math.floor(Math.random() * 1000),
    callback_query: {
      id,
      from: { id: message.chat.id, is_bot: false, first_name: "Mallory" },
      message,
      chat_instance: "forged",
      data,
    },
  });
  const call = h.telegram.calls
    .find({ method: "answerCallbackQuery" })
    .find((c) => c.params.callback_query_id === id);
  return call?.params.text as string | undefined;
}
