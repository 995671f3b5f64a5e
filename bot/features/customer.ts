/**
 * The customer's commands: /help, /employees, /status [task], /stop <task>,
 * /dashboard, /billing, /cancel, and the quick-action buttons that call the
 * same handlers. Everything reads through `asUser`, so RLS decides what a
 * member sees; a viewer can look but not stop anything.
 */
import { Composer, InlineKeyboard } from "grammy";
import { createLoginLink } from "../../auth/index.ts";
import { periodUsage, planFor } from "../../billing/index.ts";
import type { Data } from "../../db/index.ts";
import { formatMoney, formatNumber, localeFor } from "../../i18n/index.ts";
import { watchButton } from "../../notify/index.ts";
import type { MouseContext } from "../context.ts";
import type { BillingPort, KnightsPort } from "../ports.ts";
import { escapeHtml } from "../text.ts";
import { ADMIN_COMMANDS } from "./admin.ts";

/** /help in the user's language; platform admins also read their commands (nobody else learns them). */
export function helpText(ctx: MouseContext): string {
  if (!ctx.mouse.isAdmin) return ctx.t("help-text");
  const admin = ADMIN_COMMANDS.map(
    ([command]) => `/${command} ${escapeHtml(ctx.t(`cmd-${command}`))}`,
  );
  return [ctx.t("help-text"), "", ctx.t("help-admin-title"), ...admin].join("\n");
}

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
const ACTIVE = ["queued", "running", "waiting_for_input"];
const TASK_REF = /^[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?$/i;

/**
 * Refuses strangers and suspended customers; returns the customer and user
 * ids otherwise. `billing: true` lets a suspended customer through: billing
 * is how it puts things right, so it must stay reachable.
 */
export async function requireCustomer(
  ctx: MouseContext,
  { billing = false }: { billing?: boolean } = {},
): Promise<{ customerId: string; userId: string } | undefined> {
  const { user, membership } = ctx.mouse;
  if (!user || !membership) {
    await ctx.reply(ctx.t("customer-unknown"));
    return undefined;
  }
  if (membership.customer_status === "suspended" && !billing) {
    await ctx.reply(ctx.t("customer-suspended", { customer: membership.customer_name }));
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
    await ctx.reply(ctx.t(active ? "cancel-done" : "cancel-nothing"));
  });
  return composer;
}

export function createCustomerFeature({
  data,
  billing,
  knights,
  dashboardUrl,
}: {
  data: Data;
  billing: BillingPort;
  knights: KnightsPort;
  dashboardUrl: string;
}) {
  const composer = new Composer<MouseContext>();

  const help = (ctx: MouseContext) => ctx.reply(helpText(ctx), { parse_mode: "HTML" });

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
      await ctx.reply(ctx.t("employees-none"));
      return;
    }
    const lines = rows.map((e) =>
      ctx.t("employees-line", {
        name: escapeHtml(e.name),
        role: escapeHtml(e.role_template.replace(/_/g, " ")),
        status: ctx.t(`employee-status-${e.status}`),
        active: Number(e.running),
      }),
    );
    await ctx.reply(`${ctx.t("employees-title")}\n${lines.join("\n")}`, { parse_mode: "HTML" });
  };

  const status = async (ctx: MouseContext, ref: string) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    if (ref && !TASK_REF.test(ref)) {
      await ctx.reply(ctx.t("status-bad-ref"));
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
      employee_id: string | null;
    }>(
      { sub: who.userId },
      `select t.id, t.request, t.status, t.step_count, t.cost_micros::text, e.name as employee, t.question, t.result, t.error,
              t.employee_id
         from public.tasks t left join public.employees e on e.id = t.employee_id
        where t.customer_id = $1 and ($2 = '' or t.id::text like $2 || '%')
        order by t.created_at desc limit $3`,
      [who.customerId, ref.toLowerCase(), ref ? 1 : 5],
      { name: "bot_status" },
    );
    if (rows.length === 0) {
      await ctx.reply(ref ? ctx.t("status-not-found", { ref }) : ctx.t("status-none"));
      return;
    }
    const locale = localeFor(await ctx.i18n.getLocale());
    const lines = rows.map((t) => {
      const head = `${STATUS_ICON[t.status] ?? "•"} <code>${short(t.id)}</code> ${escapeHtml(t.request.slice(0, 80))}`;
      const detail = [
        ctx.t("status-detail", {
          status: ctx.t(`task-status-${t.status}`),
          employee: t.employee ? ` · ${escapeHtml(t.employee)}` : "",
          steps: t.step_count,
          cost: formatMoney(t.cost_micros, locale),
        }),
        ref && t.question ? ctx.t("status-question", { text: escapeHtml(t.question) }) : "",
        ref && t.result ? ctx.t("status-result", { text: escapeHtml(t.result) }) : "",
        ref && t.error ? ctx.t("status-problem", { text: escapeHtml(t.error) }) : "",
      ].filter(Boolean);
      return `${head}\n   ${detail.join("\n   ")}`;
    });
    // Each knight at work gets a button to watch it live (and take over).
    const watching = new InlineKeyboard();
    const employees = new Set<string>();
    for (const t of rows)
      if (t.employee_id && ACTIVE.includes(t.status) && !employees.has(t.employee_id)) {
        employees.add(t.employee_id);
        const b = watchButton(dashboardUrl, {
          customerId: who.customerId,
          employeeId: t.employee_id,
        });
        const label = rows.length > 1 && t.employee ? `${b.text} · ${t.employee}` : b.text;
        (b.webApp ? watching.webApp(label, b.webApp) : watching.url(label, b.url!)).row();
      }
    await ctx.reply(lines.join("\n"), {
      parse_mode: "HTML",
      ...(employees.size > 0 ? { reply_markup: watching } : {}),
    });
  };

  const stop = async (ctx: MouseContext, ref: string) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    if (!TASK_REF.test(ref)) {
      await ctx.reply(ctx.t("stop-usage"));
      return;
    }
    const { outcome, taskId } = await knights.stop({
      userId: who.userId,
      customerId: who.customerId,
      ref,
    });
    const shortRef = short(taskId ?? ref);
    const replies: Record<typeof outcome, string> = {
      not_found: ctx.t("status-not-found", { ref }),
      already_finished: ctx.t("stop-finished"),
      forbidden: ctx.t("stop-forbidden"),
      cancelled: ctx.t("stop-cancelled", { ref: shortRef }),
      requested: ctx.t("stop-stopping", { ref: shortRef }),
      already_requested: ctx.t("stop-already-stopping", { ref: shortRef }),
    };
    await ctx.reply(replies[outcome]);
  };

  const dashboard = async (ctx: MouseContext) => {
    const who = ctx.mouse.user ? { userId: ctx.mouse.user.id } : await requireCustomer(ctx);
    if (!who) return;
    const { token } = await createLoginLink(data, who.userId);
    const url = `${dashboardUrl}/login/${token}`;
    await ctx.reply(ctx.t("dashboard-link"), {
      reply_markup: new InlineKeyboard().url(ctx.t("dashboard-open"), url),
    });
  };

  const billingSummary = async (ctx: MouseContext) => {
    const who = await requireCustomer(ctx, { billing: true });
    if (!who) return;
    const summary = await data.asUser({ sub: who.userId }, async (tx) => {
      const usage = await periodUsage(tx, who.customerId);
      const { rows } = await tx.query<{
        plan: string;
        credits: string;
        budget: string | null;
        status: string;
        reason: string | null;
      }>(
        `select c.plan, c.monthly_budget_micros::text as budget, c.status::text as status,
                c.status_reason as reason,
                coalesce((select sum(amount_micros) from public.credit_ledger l where l.customer_id = c.id), 0)::text as credits
           from public.customers c where c.id = $1`,
        [who.customerId],
      );
      return { usage, ...rows[0]! };
    });
    const plan = planFor(summary.plan);
    const budget = summary.budget === null ? plan.defaultBudgetMicros : Number(summary.budget);
    const locale = localeFor(await ctx.i18n.getLocale());
    const $ = (micros: number | string) => formatMoney(micros, locale);
    const n = (value: number) => formatNumber(value, locale);
    const text = [
      ...(summary.status === "suspended"
        ? [ctx.t("billing-suspended", { reason: escapeHtml(summary.reason ?? "") }), ""]
        : []),
      plan.priceMicros
        ? ctx.t("billing-plan-price", { plan: escapeHtml(plan.name), price: $(plan.priceMicros) })
        : ctx.t("billing-plan", { plan: escapeHtml(plan.name) }),
      ctx.t("billing-this-month"),
      ctx.t("billing-messages", {
        used: n(summary.usage.messages),
        included: n(plan.includedMessages),
      }),
      ctx.t("billing-ai", { used: $(summary.usage.aiMicros), included: $(plan.includedAiMicros) }),
      ctx.t("billing-vm", {
        used: n(Math.round(summary.usage.vmMinutes)),
        included: n(plan.includedVmMinutes),
      }),
      ctx.t("billing-total", { used: $(summary.usage.totalMicros), budget: $(budget) }),
      ctx.t("billing-credits", { credits: $(summary.credits) }),
    ].join("\n");
    const portal = await billing.portalUrl({ customerId: who.customerId }).catch(() => undefined);
    const keyboard = new InlineKeyboard();
    if (portal) keyboard.url(ctx.t("billing-manage"), portal).row();
    if (plan.id !== "team")
      keyboard.text(
        ctx.t(plan.id === "free" ? "billing-upgrade-pro" : "billing-upgrade-team"),
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
    const who = await requireCustomer(ctx, { billing: true });
    if (!who) return;
    const plan = ctx.match[1] as "pro" | "team";
    const url = await billing.checkoutUrl({ customerId: who.customerId, plan });
    await ctx.reply(ctx.t("billing-upgrade-to", { plan: planFor(plan).name }), {
      reply_markup: new InlineKeyboard().url(ctx.t("billing-subscribe"), url),
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
