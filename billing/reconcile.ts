/**
 * Checks the meter against the ledger: for each customer with reports in a
 * month, what Stripe's meter counted must equal what we billed, and what we
 * billed plus what credit covered must equal the overage the usage ledger
 * shows. Stripe aggregates meter events asynchronously on its side, so a
 * mismatch seconds after a run can be a delay; one that persists is a bug.
 */
import type Stripe from "stripe";
import type { Data } from "../db/index.ts";
import { findOverageMeter } from "./catalog.ts";
import { overageCents, overageMicros } from "./ledger.ts";
import { type Period, periodKey, unixSeconds } from "./period.ts";
import { planFor } from "./plans.ts";
import { periodUsage } from "./usage.ts";

export type MeterReconciliation = {
  customerId: string;
  stripeCustomerId: string | null;
  period: string;
  /** Overage the usage ledger shows now, whole cents. */
  ledgerCents: number;
  billedCents: number;
  /** Part of billedCents not yet confirmed by Stripe (sent again by the next run). */
  pendingCents: number;
  coveredCents: number;
  /** What Stripe's meter aggregated for the customer over the month. */
  stripeCents: number;
  /** Stripe has exactly what we billed, and billed + covered is all the overage. */
  matches: boolean;
};

/** Compares Stripe's meter totals with the ledger for one month (optionally one customer). */
export async function reconcileMeter(
  deps: { data: Data; stripe: Stripe; now?: () => Date },
  options: { period: Period; customerId?: string },
): Promise<MeterReconciliation[]> {
  const key = periodKey(options.period);
  const rows = await deps.data.asService("billing: reconcile meter", async (tx) => {
    const { rows: reported } = await tx.query<{
      customer_id: string;
      plan: string;
      stripe_customer_id: string | null;
      billed: string;
      pending: string;
      covered: string;
    }>(
      `select r.customer_id, c.plan, max(r.stripe_customer_id) as stripe_customer_id,
              sum(r.billed_cents)::text as billed,
              sum(case when r.status = 'pending' then r.billed_cents else 0 end)::text as pending,
              sum(r.covered_cents)::text as covered
         from public.meter_reports r join public.customers c on c.id = r.customer_id
        where r.period = $1 and ($2::uuid is null or r.customer_id = $2)
        group by r.customer_id, c.plan`,
      [key, options.customerId ?? null],
    );
    const result = [];
    for (const row of reported) {
      const usage = await periodUsage(tx, row.customer_id, options.period);
      result.push({ ...row, ledgerCents: overageCents(overageMicros(planFor(row.plan), usage)) });
    }
    return result;
  });
  if (rows.length === 0) return [];
  const meter = await findOverageMeter(deps.stripe);
  const window = summaryWindow(options.period, deps.now?.() ?? new Date());
  const out: MeterReconciliation[] = [];
  for (const row of rows) {
    const stripeCents =
      meter && row.stripe_customer_id
        ? await meterTotal(deps.stripe, meter.id, row.stripe_customer_id, window)
        : 0;
    const billedCents = Number(row.billed);
    const coveredCents = Number(row.covered);
    out.push({
      customerId: row.customer_id,
      stripeCustomerId: row.stripe_customer_id,
      period: key,
      ledgerCents: row.ledgerCents,
      billedCents,
      pendingCents: Number(row.pending),
      coveredCents,
      stripeCents,
      matches: stripeCents === billedCents && billedCents + coveredCents === row.ledgerCents,
    });
  }
  return out;
}

/** Minute-aligned `[start, end)` covering the month up to now (reports are never stamped later). */
function summaryWindow(period: Period, now: Date): { start: number; end: number } {
  const start = unixSeconds(period.start);
  const nextMinute = Math.floor(unixSeconds(now) / 60) * 60 + 60;
  return { start, end: Math.max(start + 60, Math.min(unixSeconds(period.end), nextMinute)) };
}

async function meterTotal(
  stripe: Stripe,
  meterId: string,
  customer: string,
  window: { start: number; end: number },
): Promise<number> {
  let total = 0;
  for await (const summary of stripe.billing.meters.listEventSummaries(meterId, {
    customer,
    start_time: window.start,
    end_time: window.end,
  })) {
    total += summary.aggregated_value;
  }
  return total;
}
