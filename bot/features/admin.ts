/**
 * Platform admins' commands. Each handler runs as the admin under RLS (the
 * admin policies, not the bot, grant the access) and writes an audit entry in
 * the same transaction as its action. For anyone else these commands do not
 * exist: the update falls through to the unknown-command answer.
 */
import { Composer } from "grammy";
import { setAccountStatus } from "../../accounts/index.ts";
import { audit } from "../../audit/index.ts";
import { creditCustomer } from "../../billing/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import { formatMoney, formatNumber, localeFor } from "../../i18n/index.ts";
import type { Notifier } from "../../notify/index.ts";
import type { MouseContext } from "../context.ts";
import type { KnightsPort } from "../ports.ts";
import { escapeHtml } from "../text.ts";

export const ADMIN_COMMANDS = [
  ["admin_stats", "platform totals"],
  ["admin_customers", "list customers"],
  ["admin_suspend", "<customer> suspend a customer"],
  ["admin_resume", "<customer> resume a customer"],
  ["admin_credit", "<customer> <amount> credit dollars"],
  ["admin_broadcast", "<text> message every user"],
  ["admin_tasks", "running tasks"],
  ["admin_kill", "<task> stop a task now"],
] as const;

const REF = /^[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?$/i;
const AMOUNT = /^-?\d{1,7}(\.\d{1,2})?$/;

export function createAdminFeature({
  data,
  knights,
  broadcast,
  notifier,
}: {
  data: Data;
  knights: KnightsPort;
  broadcast: (chatIds: number[], text: string) => Promise<number>;
  /** Tells a suspended or reactivated customer at once. */
  notifier: Pick<Notifier, "send">;
}) {
  const composer = new Composer<MouseContext>();
  const admin = composer.filter((ctx) => ctx.mouse.isAdmin && ctx.mouse.user !== undefined);
  const asAdmin = <T>(ctx: MouseContext, fn: (tx: Tx) => Promise<T>) =>
    data.asUser({ sub: ctx.mouse.user!.id }, fn);

  /** One customer by id or its first characters; says so and returns undefined when not exactly one. */
  const findCustomer = async (ctx: MouseContext, ref: string) => {
    const rows = await asAdmin(ctx, async (tx) => {
      const found = await tx.query<{ id: string; name: string }>(
        "select id, name from public.customers where id::text like $1 || '%'",
        [ref.toLowerCase()],
      );
      return found.rows;
    });
    if (rows.length === 1) return rows[0]!;
    await ctx.reply(
      rows.length === 0
        ? ctx.t("admin-no-match", { ref })
        : ctx.t("admin-ambiguous", { ref, count: rows.length }),
    );
    return undefined;
  };

  admin.command("admin_stats", async (ctx) => {
    const s = await asAdmin(
      ctx,
      async (tx) =>
        (
          await tx.query<Record<string, string>>(
            `select (select count(*) from public.customers)::text as customers,
                  (select count(*) from public.customers where status = 'suspended')::text as suspended,
                  (select count(*) from public.resellers)::text as resellers,
                  (select count(*) from public.users)::text as users,
                  (select count(*) from public.tasks where status in ('queued','running','waiting_for_input'))::text as active_tasks,
                  (select count(*) from public.vms where status = 'running')::text as vms,
                  (select coalesce(sum(cost_micros), 0) from public.usage_events
                    where occurred_at >= date_trunc('month', now()))::text as usage`,
          )
        ).rows[0]!,
    );
    const locale = localeFor(await ctx.i18n.getLocale());
    await ctx.reply(
      ctx.t("admin-stats", {
        customers: formatNumber(s.customers!, locale),
        suspended: formatNumber(s.suspended!, locale),
        resellers: formatNumber(s.resellers!, locale),
        users: formatNumber(s.users!, locale),
        tasks: formatNumber(s.active_tasks!, locale),
        vms: formatNumber(s.vms!, locale),
        usage: formatMoney(s.usage!, locale),
      }),
      { parse_mode: "HTML" },
    );
  });

  admin.command("admin_customers", async (ctx) => {
    const rows = await asAdmin(
      ctx,
      async (tx) =>
        (
          await tx.query<{ id: string; name: string; status: string; plan: string }>(
            "select id, name, status, plan from public.customers order by created_at desc limit 50",
          )
        ).rows,
    );
    const lines = rows.map(
      (c) => `<code>${c.id.slice(0, 8)}</code> ${escapeHtml(c.name)} · ${c.plan} · ${c.status}`,
    );
    await ctx.reply(lines.length ? lines.join("\n") : ctx.t("admin-no-customers"), {
      parse_mode: "HTML",
    });
  });

  const setStatus =
    (status: "suspended" | "active") => async (ctx: MouseContext & { match: string }) => {
      const [ref = "", ...words] = ctx.match.trim().split(/\s+/);
      const reason = words.join(" ");
      if (!REF.test(ref) || (status === "suspended" && !reason)) {
        await ctx.reply(
          status === "suspended"
            ? ctx.t("admin-suspend-usage")
            : ctx.t("admin-status-usage", { command: "admin_resume" }),
        );
        return;
      }
      const found = await findCustomer(ctx, ref);
      if (!found) return;
      const outcome = await setAccountStatus(
        data,
        { adminUserId: ctx.mouse.user!.id, kind: "customer", id: found.id, status, reason },
        { notifier },
      );
      if (outcome !== "changed" && outcome !== "unchanged") {
        await ctx.reply(
          ctx.t("admin-status-failed", { customer: found.name, reason: outcome.replace("_", " ") }),
        );
        return;
      }
      await ctx.reply(
        ctx.t(status === "suspended" ? "admin-now-suspended" : "admin-now-active", {
          customer: found.name,
        }),
      );
    };
  admin.command("admin_suspend", setStatus("suspended"));
  admin.command("admin_resume", setStatus("active"));

  admin.command("admin_credit", async (ctx) => {
    const [ref = "", amount = ""] = ctx.match.trim().split(/\s+/);
    if (!REF.test(ref) || !AMOUNT.test(amount) || Number(amount) === 0) {
      await ctx.reply(ctx.t("admin-credit-usage"));
      return;
    }
    const micros = Math.round(Number(amount) * 1_000_000);
    const found = await findCustomer(ctx, ref);
    if (!found) return;
    await creditCustomer(data, {
      adminUserId: ctx.mouse.user!.id,
      customerId: found.id,
      amountMicros: micros,
      reason: "admin credit via Telegram",
      // A command redelivered by Telegram credits once.
      idempotencyKey: `tg-credit:${ctx.update.update_id}`,
    });
    const locale = localeFor(await ctx.i18n.getLocale());
    await ctx.reply(
      micros > 0
        ? ctx.t("admin-credited", { amount: formatMoney(micros, locale), customer: found.name })
        : ctx.t("admin-debited", { amount: formatMoney(-micros, locale), customer: found.name }),
    );
  });

  admin.command("admin_broadcast", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) {
      await ctx.reply(ctx.t("admin-broadcast-usage"));
      return;
    }
    const chatIds = await asAdmin(ctx, async (tx) => {
      const { rows } = await tx.query<{ telegram_user_id: string }>(
        "select telegram_user_id::text from public.users where telegram_user_id is not null",
      );
      await audit(tx, {
        action: "broadcast.sent",
        detail: { recipients: rows.length, length: text.length },
      });
      return rows.map((r) => Number(r.telegram_user_id));
    });
    const queued = await broadcast(chatIds, text);
    await ctx.reply(ctx.t("admin-broadcast-queued", { count: queued }));
  });

  admin.command("admin_tasks", async (ctx) => {
    const rows = await asAdmin(
      ctx,
      async (tx) =>
        (
          await tx.query<{
            id: string;
            status: string;
            customer: string;
            request: string;
            step_count: number;
          }>(
            `select t.id, t.status, c.name as customer, t.request, t.step_count
             from public.tasks t join public.customers c on c.id = t.customer_id
            where t.status in ('queued','running','waiting_for_input') order by t.created_at limit 50`,
          )
        ).rows,
    );
    const lines = rows.map(
      (t) =>
        `<code>${t.id.slice(0, 8)}</code> ${t.status} · ${escapeHtml(t.customer)} · step ${t.step_count} · ${escapeHtml(t.request.slice(0, 60))}`,
    );
    await ctx.reply(lines.length ? lines.join("\n") : ctx.t("admin-no-tasks"), {
      parse_mode: "HTML",
    });
  });

  admin.command("admin_kill", async (ctx) => {
    const ref = ctx.match.trim();
    if (!REF.test(ref)) {
      await ctx.reply(ctx.t("admin-kill-usage"));
      return;
    }
    const matching = await asAdmin(ctx, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `select id from public.tasks
          where id::text like $1 || '%' and status in ('awaiting_approval','queued','running','waiting_for_input')`,
        [ref.toLowerCase()],
      );
      return rows.map((r) => r.id);
    });
    let killed = 0;
    for (const id of matching) {
      const { outcome } = await knights.stop({ userId: ctx.mouse.user!.id, ref: id });
      if (outcome === "requested" || outcome === "cancelled" || outcome === "already_requested")
        killed++;
    }
    await ctx.reply(
      killed ? ctx.t("admin-killing", { count: killed, ref }) : ctx.t("admin-kill-none", { ref }),
    );
  });
  return composer;
}
