/**
 * Budget alerts in Telegram at 80% and 100% of the monthly budget, each at
 * most once per customer and month. The marker row is written before the
 * message is queued; if queueing fails the marker is removed again, so the
 * next check retries instead of staying silent.
 */

import type { Data } from "../db/index.ts";
import { catalogue, formatDayMonth, formatMoney, type Locale } from "../i18n/index.ts";
import type { Notifier } from "../notify/index.ts";
import { effectiveBudget } from "./budgets.ts";
import { ownerReaders } from "./owners.ts";
import { monthPeriod, type Period, periodKey } from "./period.ts";
import { periodUsage } from "./usage.ts";

export const ALERT_THRESHOLDS = [80, 100] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

export type BudgetAlert = {
  threshold: AlertThreshold;
  chatIds: number[];
  spentMicros: number;
  budgetMicros: number;
};

/** Sends the budget alert a customer is due, if any; returns what was sent. */
export async function notifyBudgetAlerts(
  deps: { data: Data; notifier: Notifier; now?: () => Date },
  customerId: string,
): Promise<BudgetAlert[]> {
  const period = monthPeriod(deps.now?.() ?? new Date());
  const key = periodKey(period);
  const due = await deps.data.asService("billing: budget alerts", async (tx) => {
    const { rows } = await tx.query<{
      name: string;
      plan: string;
      monthly_budget_micros: string | null;
    }>("select name, plan, monthly_budget_micros::text from public.customers where id = $1", [
      customerId,
    ]);
    const customer = rows[0];
    if (!customer) return undefined;
    const { budgetMicros } = effectiveBudget(customer);
    const spentMicros = (await periodUsage(tx, customerId, period)).totalMicros;
    const crossed = ALERT_THRESHOLDS.filter(
      (threshold) => spentMicros > 0 && spentMicros * 100 >= budgetMicros * threshold,
    );
    if (crossed.length === 0) return undefined;
    // Crossing 100% at once also settles 80%: one message, the one that matters.
    const inserted = await tx.query<{ threshold_pct: AlertThreshold }>(
      `insert into public.budget_alerts (customer_id, period, threshold_pct, budget_micros, spent_micros)
       select $1, $2, t, $4, $5 from unnest($3::int[]) as t
       on conflict do nothing returning threshold_pct`,
      [customerId, key, crossed, budgetMicros, spentMicros],
    );
    const fresh = inserted.rows.map((row) => row.threshold_pct);
    if (fresh.length === 0) return undefined;
    const threshold = Math.max(...fresh) as AlertThreshold;
    return {
      threshold,
      fresh,
      readers: await ownerReaders(tx, customerId),
      spentMicros,
      budgetMicros,
      name: customer.name,
    };
  });
  if (!due) return [];
  try {
    for (const { chatId, locale } of due.readers) {
      const text = alertText(
        due.name,
        due.threshold,
        due.spentMicros,
        due.budgetMicros,
        period,
        locale,
      );
      await deps.notifier.send({ chatId, text });
    }
  } catch (error) {
    await deps.data.asService("billing: retry budget alert later", (tx) =>
      tx.query(
        "delete from public.budget_alerts where customer_id = $1 and period = $2 and threshold_pct = any($3)",
        [customerId, key, due.fresh],
      ),
    );
    throw error;
  }
  return [
    {
      threshold: due.threshold,
      chatIds: due.readers.map((r) => r.chatId),
      spentMicros: due.spentMicros,
      budgetMicros: due.budgetMicros,
    },
  ];
}

function alertText(
  name: string,
  threshold: AlertThreshold,
  spent: number,
  budget: number,
  period: Period,
  locale: Locale,
): string {
  const money = (micros: number) => formatMoney(micros, locale);
  if (threshold === 80) {
    return catalogue().t(locale, "billing-alert-80", {
      customer: name,
      spent: money(spent),
      budget: money(budget),
    });
  }
  return catalogue().t(locale, "billing-alert-100", {
    customer: name,
    budget: money(budget),
    renews: formatDayMonth(period.end, locale),
  });
}
