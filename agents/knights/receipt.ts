/**
 * The receipt that ends a task's last message: what was delivered, how long
 * it took, what it cost (model tokens, VM time) against the budget the
 * customer approved, and where to see it all. Read on the service path from
 * what the loop already recorded; nothing here is estimated by the model.
 */
import type { Data } from "../../db/index.ts";
import { formatMoney, formatNumber, type Locale } from "../../i18n/index.ts";

type Translate = (key: string, args?: Record<string, string | number>) => string;

type Facts = {
  customer_id: string;
  started_at: Date | null;
  finished_at: Date | null;
  budget_micros: string | null;
  cost_micros: string;
  steps: number;
  tokens: string;
  files: string[] | null;
};

/**
 * The receipt's text for task `taskId`, in the reader's language (`t`,
 * `locale`); `dashboardUrl` is the dashboard's public origin.
 */
export async function receiptFor(
  data: Data,
  taskId: string,
  { t, locale, dashboardUrl }: { t: Translate; locale: Locale; dashboardUrl?: string | undefined },
): Promise<string> {
  const facts = await data.asService("knights: receipt", async (tx) => {
    const { rows } = await tx.query<Facts>(
      `select t.customer_id, t.started_at, coalesce(t.finished_at, now()) as finished_at,
              t.budget_micros::text, t.cost_micros::text,
              (select count(*)::int from public.task_steps s where s.task_id = t.id and s.action <> 'answer') as steps,
              (select coalesce(sum(s.input_tokens + s.output_tokens + s.cache_read_tokens + s.cache_write_tokens), 0)::text
                 from public.task_steps s where s.task_id = t.id) as tokens,
              (select array_agg(d.file_name || ' (' || d.title || ')' order by d.seq)
                 from public.deliverables d where d.task_id = t.id) as files
         from public.tasks t where t.id = $1`,
      [taskId],
    );
    return rows[0];
  });
  if (!facts) return "";
  const ms =
    facts.started_at && facts.finished_at
      ? new Date(facts.finished_at).getTime() - new Date(facts.started_at).getTime()
      : 0;
  const vmMinutes = Math.max(1, Math.ceil(ms / 60_000));
  const cost = {
    cost: formatMoney(facts.cost_micros, locale),
    tokens: formatNumber(facts.tokens, locale),
    minutes: vmMinutes,
  };
  const lines = [
    t("receipt-title"),
    t("receipt-delivered", {
      files: facts.files?.length ? facts.files.join(", ") : t("receipt-no-files"),
    }),
    t("receipt-time", { duration: duration(ms), steps: facts.steps }),
    facts.budget_micros
      ? t("receipt-cost-of-budget", { ...cost, budget: formatMoney(facts.budget_micros, locale) })
      : t("receipt-cost", cost),
  ];
  if (dashboardUrl)
    lines.push(
      t("receipt-task-page", {
        url: `${dashboardUrl.replace(/\/+$/, "")}/c/${facts.customer_id}/tasks/${taskId}`,
      }),
    );
  return lines.join("\n");
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
