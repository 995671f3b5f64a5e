/**
 * Platform admins' commands. Each handler runs as the admin under RLS (the
 * admin policies, not the bot, grant the access) and writes an audit entry in
 * the same transaction as its action. For anyone else these commands do not
 * exist: the update falls through to the unknown-command answer.
 */
import { Composer } from "grammy";
import { audit } from "../../audit/index.ts";
import type { Data, Tx } from "../../db/index.ts";
import { formatMoney, formatNumber, localeFor } from "../../i18n/index.ts";
import type { MouseContext } from "../context.ts";
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
  broadcast,
}: {
  data: Data;
  broadcast: (chatIds: number[], text: string) => Promise<number>;
}) {
  const composer = new Composer<MouseContext>();
  const admin = composer.filter((ctx) => ctx.mouse.isAdmin && ctx.mouse.user !== undefined);
  const asAdmin = <T>(ctx: MouseContext, fn: (tx: Tx) => Promise<T>) =>
    data.asUser({ sub: ctx.mouse.user!.id }, fn);

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
      const ref = ctx.match.trim();
      if (!REF.test(ref)) {
        await ctx.reply(
          ctx.t("admin-status-usage", {
            command: `admin_${status === "suspended" ? "suspend" : "resume"}`,
          }),
        );
        return;
      }
      const name = await asAdmin(ctx, async (tx) => {
        const { rows } = await tx.query<{ id: string; name: string }>(
          "select id, name from public.customers where id::text like $1 || '%'",
          [ref.toLowerCase()],
        );
        if (rows.length !== 1) throw new AmbiguousRef(rows.length);
        await tx.query("select private.admin_set_customer_status($1, $2)", [rows[0]!.id, status]);
        await audit(tx, {
          action: `customer.${status === "suspended" ? "suspended" : "resumed"}`,
          targetType: "customer",
          targetId: rows[0]!.id,
          customerId: rows[0]!.id,
        });
        return rows[0]!.name;
      }).catch((e) => (e instanceof AmbiguousRef ? e : Promise.reject(e)));
      if (name instanceof AmbiguousRef) {
        await ctx.reply(
          name.count === 0
            ? ctx.t("admin-no-match", { ref })
            : ctx.t("admin-ambiguous", { ref, count: name.count }),
        );
        return;
      }
      await ctx.reply(
        ctx.t(status === "suspended" ? "admin-now-suspended" : "admin-now-active", {
          customer: name,
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
    const result = await asAdmin(ctx, async (tx) => {
      const { rows } = await tx.query<{ id: string; name: string }>(
        "select id, name from public.customers where id::text like $1 || '%'",
        [ref.toLowerCase()],
      );
      if (rows.length !== 1) return { count: rows.length };
      const customer = rows[0]!;
      await tx.query(
        `insert into public.credit_ledger (customer_id, kind, amount_micros, reason, idempotency_key, created_by)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          customer.id,
          micros > 0 ? "credit" : "adjustment",
          micros,
          "admin credit via Telegram",
          `tg-credit:${ctx.update.update_id}`,
          ctx.mouse.user!.id,
        ],
      );
      await audit(tx, {
        action: "credit.granted",
        targetType: "customer",
        targetId: customer.id,
        customerId: customer.id,
        detail: { amountMicros: micros },
      });
      return { name: customer.name };
    });
    if ("count" in result) {
      await ctx.reply(
        result.count === 0
          ? ctx.t("admin-no-match", { ref })
          : ctx.t("admin-ambiguous", { ref, count: result.count ?? 0 }),
      );
      return;
    }
    await ctx.reply(
      ctx.t("admin-credited", {
        amount: formatMoney(micros, localeFor(await ctx.i18n.getLocale())),
        customer: result.name,
      }),
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
    const killed = await asAdmin(ctx, async (tx) => {
      const { rows } = await tx.query<{ id: string; customer_id: string }>(
        `select id, customer_id from public.tasks
          where id::text like $1 || '%' and status in ('awaiting_approval','queued','running','waiting_for_input')`,
        [ref.toLowerCase()],
      );
      for (const t of rows) {
        await tx.query("select private.admin_cancel_task($1)", [t.id]);
        await audit(tx, {
          action: "task.killed",
          targetType: "task",
          targetId: t.id,
          customerId: t.customer_id,
        });
      }
      return rows.length;
    });
    await ctx.reply(
      killed ? ctx.t("admin-killing", { count: killed, ref }) : ctx.t("admin-kill-none", { ref }),
    );
  });
  return composer;
}

class AmbiguousRef {
  readonly count: number;
  constructor(count: number) {
    this.count = count;
  }
}
