/**
 * The receipt that ends a task's last message: what was delivered, how long
 * it took, what it cost (computer time in minutes, model tokens) against the
 * budget the customer approved, and where to see it all, in the reader's
 * language with the locale's number and money formats. Read on the service
 * path from what the loop already recorded; nothing here is estimated by the
 * model.
 */
import type { Data } from "../../db/index.ts";
import { catalogue, formatMoney, formatNumber, type Locale } from "../../i18n/index.ts";

type Facts = {
  customer_id: string;
  started_at: Date | null;
  finished_at: Date | null;
  budget_micros: string | null;
  cost_micros: string;
  steps: number;
  tokens: string;
  files: string[] | null;
  /** The role's price charged for this task (a reseller's markup), if any. */
  role_fee: string | null;
  role_name: string | null;
};

/** The receipt's text for task `taskId` in `locale`; `dashboardUrl` is the dashboard's public origin. */
export async function receiptFor(
  data: Data,
  taskId: string,
  dashboardUrl?: string,
  locale: Locale = "en",
): Promise<string> {
  const facts = await data.asService("knights: receipt", async (tx) => {
    const { rows } = await tx.query<Facts>(
      `select t.customer_id, t.started_at, coalesce(t.finished_at, now()) as finished_at,
              t.budget_micros::text, t.cost_micros::text,
              (select count(*)::int from public.task_steps s where s.task_id = t.id and s.action <> 'answer') as steps,
              (select coalesce(sum(s.input_tokens + s.output_tokens + s.cache_read_tokens + s.cache_write_tokens), 0)::text
                 from public.task_steps s where s.task_id = t.id) as tokens,
              (select array_agg(d.file_name || ' (' || d.title || ')' order by d.seq)
                 from public.deliverables d where d.task_id = t.id) as files,
              (select sum(u.cost_micros)::text from public.usage_events u
                where u.task_id = t.id and u.kind = 'role_fee') as role_fee,
              (select r.name from public.catalogue_roles r where r.id = t.role_version_id) as role_name
         from public.tasks t where t.id = $1`,
      [taskId],
    );
    return rows[0];
  });
  if (!facts) return "";
  const t = (key: string, args?: Record<string, string | number>) =>
    catalogue().t(locale, key, args);
  const ms = elapsedMs(facts.started_at, facts.finished_at);
  const cost = {
    cost: formatMoney(facts.cost_micros, locale),
    minutes: formatNumber(computerMinutes(ms), locale),
    tokens: formatNumber(facts.tokens, locale),
  };
  const lines = [
    t("receipt-title"),
    facts.files?.length
      ? t("receipt-files", { files: facts.files.join(", ") })
      : t("receipt-no-files"),
    t("receipt-time", { elapsed: formatElapsed(ms, locale), steps: facts.steps }),
    facts.budget_micros
      ? t("receipt-cost", { ...cost, budget: formatMoney(facts.budget_micros, locale) })
      : t("receipt-cost-unbudgeted", cost),
  ];
  if (facts.role_fee && Number(facts.role_fee) > 0)
    lines.push(
      t("receipt-role", {
        role: facts.role_name ?? "",
        price: formatMoney(facts.role_fee, locale),
      }),
    );
  if (dashboardUrl)
    lines.push(
      t("receipt-page", {
        url: `${dashboardUrl.replace(/\/+$/, "")}/c/${facts.customer_id}/tasks/${taskId}`,
      }),
    );
  return lines.join("\n");
}

/** Milliseconds between two moments (0 when either is unknown). */
export function elapsedMs(from: Date | string | null, to: Date | string | null): number {
  return from && to ? Math.max(0, new Date(to).getTime() - new Date(from).getTime()) : 0;
}

/** Computer time as customers are billed for it: whole minutes, at least one. */
export function computerMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** "42 s", "3 min 5 s", "1 h 20 min", in the locale's words. */
export function formatElapsed(ms: number, locale: Locale): string {
  const t = (key: string, args: Record<string, string | number>) =>
    catalogue().t(locale, key, args);
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t("elapsed-seconds", { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("elapsed-minutes", { m: minutes, s: seconds % 60 });
  return t("elapsed-hours", { h: Math.floor(minutes / 60), m: minutes % 60 });
}
