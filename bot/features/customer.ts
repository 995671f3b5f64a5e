/**
 * The customer's commands: /help, /employees, /status [task], /stop <task>,
 * /dashboard, /billing, /cancel, and the quick-action buttons that call the
 * same handlers. Everything reads through `asUser`, so RLS decides what a
 * member sees; a viewer can look but not stop anything.
 */
import { Composer, InlineKeyboard } from "grammy";
import { audit } from "../../audit/index.ts";
import { createLoginLink } from "../../auth/index.ts";
import { formatMicros, periodUsage, planFor } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import type { MouseContext } from "../context.ts";
import type { BillingPort } from "../ports.ts";
import { escapeHtml } from "../text.ts";
import { ADMIN_COMMANDS } from "./admin.ts";

export const HELP_TEXT = [
  "<b>King Mouse</b> 🐭 hires AI workers (knights) with their own computers to do your business's computer work.",
  "",
  'Just tell me what you need, e.g. <i>"update the opening hours on my website"</i>. Anything that costs money waits for your tap on <b>Approve</b>.',
  "",
  "/employees — your knights",
  "/status [task] — what they are doing",
  "/stop &lt;task&gt; — stop a task",
  "/dashboard — a login link to watch knights live",
  "/billing — plan, usage and balance",
  "/cancel — leave the current question",
  "/help — this message",
].join("\n");

/** What /help adds for platform admins (nobody else learns these commands exist). */
export const ADMIN_HELP_TEXT = [
  "<b>Platform admin</b>",
  ...ADMIN_COMMANDS.map(([command, description]) => `/${command} ${escapeHtml(description)}`),
].join("\n");

const STATUS_ICON: Record<string, string> = {
  awaiting_approval: "⏳",
  queued: "🕒",
  running: "⚙️",
  waiting_for_input: "❓",
  succeeded: "✅",
  failed: "❌",
  cancelled: "⏹",
};

const short = (id: string) => id.slice(0, 8);
const TASK_REF = /^[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?$/i;

/** Refuses strangers and suspended customers; returns the customer and user ids otherwise. */
export async function requireCustomer(
  ctx: MouseContext,
): Promise<{ customerId: string; userId: string } | undefined> {
  const { user, membership } = ctx.mouse;
  if (!user || !membership) {
    await ctx.reply(
      "I don't know you yet. Scan the QR code your Mouse partner gave you (or sign up on our onboarding page) to get started.",
    );
    return undefined;
  }
  if (membership.customer_status === "suspended") {
    await ctx.reply(
      `The Mouse account of ${membership.customer_name} is suspended, so I can't take requests right now. Please contact your Mouse partner or support to restore it.`,
    );
    return undefined;
  }
  return { customerId: membership.customer_id, userId: user.id };
}

/** /cancel, installed before the conversations so it can leave one. */
export function createCancelFeature() {
  const composer = new Composer<MouseContext>();
  composer.command("cancel", async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(
      active
        ? "Okay, cancelled. What would you like to do instead?"
        : "There's nothing to cancel right now.",
    );
  });
  return composer;
}

export function createCustomerFeature({
  data,
  billing,
  dashboardUrl,
}: {
  data: Data;
  billing: BillingPort;
  dashboardUrl: string;
}) {
  const composer = new Composer<MouseContext>();

  const help = (ctx: MouseContext) =>
    ctx.reply(ctx.mouse.isAdmin ? `${HELP_TEXT}\n\n${ADMIN_HELP_TEXT}` : HELP_TEXT, {
      parse_mode: "HTML",
    });

  const employees = async (ctx: MouseContext) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const { rows } = await data.statementAsUser<{
      name: string;
      role_template: string;
      status: string;
      running: string;
    }>(
      { sub: who.userId },
      `select e.name, e.role_template, e.status,
              (select count(*) from public.tasks t where t.employee_id = e.id
                and t.status in ('queued','running','waiting_for_input'))::text as running
         from public.employees e
        where e.customer_id = $1 and e.status <> 'removed' order by e.created_at`,
      [who.customerId],
      { name: "bot_employees" },
    );
    if (rows.length === 0) {
      await ctx.reply(
        "You have no knights yet. Tell me what you need done and I'll suggest one to hire.",
      );
      return;
    }
    const lines = rows.map(
      (e) =>
        `• <b>${escapeHtml(e.name)}</b> — ${escapeHtml(e.role_template.replace(/_/g, " "))}, ${e.status}${Number(e.running) > 0 ? ` (${e.running} active task${e.running === "1" ? "" : "s"})` : ""}`,
    );
    await ctx.reply(`Your knights:\n${lines.join("\n")}`, { parse_mode: "HTML" });
  };

  const status = async (ctx: MouseContext, ref: string) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    if (ref && !TASK_REF.test(ref)) {
      await ctx.reply("Give me the task's code as shown in /status, e.g. /status 3f2a91c0.");
      return;
    }
    // One statement: /status is the command customers send most.
    const { rows } = await data.statementAsUser<{
      id: string;
      request: string;
      status: string;
      step_count: number;
      cost_micros: string;
      employee: string | null;
      question: string | null;
      result: string | null;
      error: string | null;
    }>(
      { sub: who.userId },
      `select t.id, t.request, t.status, t.step_count, t.cost_micros::text, e.name as employee, t.question, t.result, t.error
         from public.tasks t left join public.employees e on e.id = t.employee_id
        where t.customer_id = $1 and ($2 = '' or t.id::text like $2 || '%')
        order by t.created_at desc limit $3`,
      [who.customerId, ref.toLowerCase(), ref ? 1 : 5],
      { name: "bot_status" },
    );
    if (rows.length === 0) {
      await ctx.reply(
        ref
          ? `I can't find a task ${ref} in your account.`
          : "No tasks yet — tell me what you need done.",
      );
      return;
    }
    const lines = rows.map((t) => {
      const head = `${STATUS_ICON[t.status] ?? "•"} <code>${short(t.id)}</code> ${escapeHtml(t.request.slice(0, 80))}`;
      const detail = [
        `${t.status.replace(/_/g, " ")}${t.employee ? ` · ${escapeHtml(t.employee)}` : ""} · ${t.step_count} steps · ${formatMicros(t.cost_micros)}`,
        ref && t.question ? `Question: ${escapeHtml(t.question)}` : "",
        ref && t.result ? `Result: ${escapeHtml(t.result)}` : "",
        ref && t.error ? `Problem: ${escapeHtml(t.error)}` : "",
      ].filter(Boolean);
      return `${head}\n   ${detail.join("\n   ")}`;
    });
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  };

  const stop = async (ctx: MouseContext, ref: string) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    if (!TASK_REF.test(ref)) {
      await ctx.reply(
        "Which task? Send /stop followed by its code from /status, e.g. /stop 3f2a91c0.",
      );
      return;
    }
    const outcome = await data.asUser({ sub: who.userId }, async (tx) => {
      const found = await tx.query<{ id: string; status: string }>(
        "select id, status from public.tasks where customer_id = $1 and id::text like $2 || '%' limit 1",
        [who.customerId, ref.toLowerCase()],
      );
      const task = found.rows[0];
      if (!task) return "missing" as const;
      if (!["awaiting_approval", "queued", "running", "waiting_for_input"].includes(task.status))
        return "finished" as const;
      const updated = await tx.query(
        "update public.tasks set cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now() where id = $1",
        [task.id],
      );
      if (updated.rowCount !== 1) return "forbidden" as const;
      await audit(tx, {
        action: "task.stop_requested",
        targetType: "task",
        targetId: task.id,
        customerId: who.customerId,
      });
      return task.id;
    });
    const replies: Record<string, string> = {
      missing: `I can't find a task ${ref} in your account.`,
      finished: "That task has already finished.",
      forbidden:
        "Your role in this account can view tasks but not stop them. Ask an owner or admin.",
    };
    await ctx.reply(
      replies[outcome] ??
        `Stopping task ${short(outcome)} — the knight stops before its next step.`,
    );
  };

  const dashboard = async (ctx: MouseContext) => {
    const who = ctx.mouse.user ? { userId: ctx.mouse.user.id } : await requireCustomer(ctx);
    if (!who) return;
    const { token } = await createLoginLink(data, who.userId);
    const url = `${dashboardUrl}/login/${token}`;
    await ctx.reply("Here's your dashboard link. It works once and expires in 10 minutes.", {
      reply_markup: new InlineKeyboard().url("Open dashboard", url),
    });
  };

  const billingSummary = async (ctx: MouseContext) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const summary = await data.asUser({ sub: who.userId }, async (tx) => {
      const usage = await periodUsage(tx, who.customerId);
      const { rows } = await tx.query<{ plan: string; credits: string; budget: string | null }>(
        `select c.plan, c.monthly_budget_micros::text as budget,
                coalesce((select sum(amount_micros) from public.credit_ledger l where l.customer_id = c.id), 0)::text as credits
           from public.customers c where c.id = $1`,
        [who.customerId],
      );
      return { usage, ...rows[0]! };
    });
    const plan = planFor(summary.plan);
    const budget = summary.budget === null ? plan.defaultBudgetMicros : Number(summary.budget);
    const text = [
      `<b>${escapeHtml(plan.name)} plan</b>${plan.priceMicros ? ` · ${formatMicros(plan.priceMicros)}/month` : ""}`,
      "This month:",
      `• Messages: ${summary.usage.messages} of ${plan.includedMessages} included`,
      `• AI: ${formatMicros(summary.usage.aiMicros)} of ${formatMicros(plan.includedAiMicros)} included`,
      `• Computer time: ${Math.round(summary.usage.vmMinutes)} of ${plan.includedVmMinutes} minutes included`,
      `• Total usage: ${formatMicros(summary.usage.totalMicros)} of your ${formatMicros(budget)} monthly budget`,
      `Credit balance: ${formatMicros(summary.credits)}`,
    ].join("\n");
    const portal = await billing.portalUrl({ customerId: who.customerId }).catch(() => undefined);
    const keyboard = new InlineKeyboard();
    if (portal) keyboard.url("Manage subscription", portal).row();
    if (plan.id !== "team")
      keyboard.text(
        plan.id === "free" ? "Upgrade to Pro" : "Upgrade to Team",
        `upgrade:${plan.id === "free" ? "pro" : "team"}`,
      );
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  };

  composer.command("help", help);
  composer.command("employees", employees);
  composer.command("status", (ctx) => status(ctx, ctx.match.trim()));
  composer.command("stop", (ctx) => stop(ctx, ctx.match.trim()));
  composer.command("dashboard", dashboard);
  composer.command("billing", billingSummary);
  composer.callbackQuery(/^upgrade:(pro|team)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const who = await requireCustomer(ctx);
    if (!who) return;
    const plan = ctx.match[1] as "pro" | "team";
    const url = await billing.checkoutUrl({ customerId: who.customerId, plan });
    await ctx.reply(`Upgrade to ${planFor(plan).name}:`, {
      reply_markup: new InlineKeyboard().url("Subscribe", url),
    });
  });
  composer.callbackQuery(/^qa:(employees|status|billing|dashboard|help)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const action = ctx.match[1];
    if (action === "employees") await employees(ctx);
    else if (action === "status") await status(ctx, "");
    else if (action === "billing") await billingSummary(ctx);
    else if (action === "dashboard") await dashboard(ctx);
    else await help(ctx);
  });
  return composer;
}
