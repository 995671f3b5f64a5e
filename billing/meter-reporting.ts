/**
 * Reports overage to Stripe Billing Meters, exactly once per cent.
 *
 * Each run compares a customer's overage (cents, per month) with what was
 * already accounted for and writes the difference as a report row first
 * (an outbox entry with a deterministic `identifier`), spending the
 * customer's credit before billing. Only then is the row sent, and marked
 * sent after Stripe accepted it. A run that dies between the two resends
 * the same identifier and idempotency key, which Stripe refuses or replays
 * instead of counting twice.
 */
import type Stripe from "stripe";
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { Logger } from "../observability/index.ts";
import { OVERAGE_METER_EVENT } from "./catalog.ts";
import {
  accountedCents,
  creditMicros,
  MICROS_PER_CENT,
  overageCents,
  overageMicros,
} from "./ledger.ts";
import { monthPeriod, type Period, periodKey, previousPeriod, unixSeconds } from "./period.ts";
import { planFor } from "./plans.ts";
import { periodUsage } from "./usage.ts";

/** How long into a month the reporter still settles the previous one. */
export const LAST_MONTH_GRACE_MS = 6 * 3600 * 1000;

export type MeterReportingDeps = {
  data: Data;
  stripe: Stripe;
  logger?: Pick<Logger, "warn">;
  now?: () => Date;
};

type ReportRow = {
  id: string;
  customer_id: string;
  identifier: string;
  stripe_customer_id: string;
  billed_cents: string;
  event_timestamp: string;
};

export type MeterRunResult = {
  /** Report rows written this run (billed and/or covered by credit). */
  recorded: number;
  /** Rows Stripe now has, including ones left pending by an earlier run. */
  sent: number;
  /** Rows still pending because Stripe could not be reached; the next run resends them. */
  failed: number;
};

/** Records new overage for every customer with usage this or last month, then sends what is pending. */
export async function reportOverage(deps: MeterReportingDeps): Promise<MeterRunResult> {
  const now = deps.now?.() ?? new Date();
  const current = monthPeriod(now);
  // Last month's final cents go out in the first hours of the new one, while
  // Stripe still holds the period's invoice as a draft. Later, a plan change
  // would re-price last month against the wrong plan, so it is left alone.
  const closing = now.getTime() - current.start.getTime() < LAST_MONTH_GRACE_MS;
  const periods = closing ? [previousPeriod(current), current] : [current];
  const customers = await deps.data.asService("billing: overage candidates", async (tx) => {
    const { rows } = await tx.query<{ customer_id: string }>(
      `select distinct customer_id from public.usage_events
        where occurred_at >= $1 and occurred_at < $2 and cost_micros > 0`,
      [periods[0]!.start, current.end],
    );
    return rows.map((row) => row.customer_id);
  });
  let recorded = 0;
  for (const customerId of customers) {
    for (const period of periods) {
      if (await recordOverage(deps.data, customerId, period, now)) recorded += 1;
    }
  }
  const { sent, failed } = await sendPendingReports(deps);
  return { recorded, sent, failed };
}

/**
 * Writes one report row for a customer's overage in `period` not yet
 * accounted for. Credit pays first; the rest is billed if the customer has
 * a paid subscription (a free customer's overage waits for credit).
 */
async function recordOverage(data: Data, customerId: string, period: Period, now: Date) {
  return data.asService("billing: record overage", async (tx) => {
    // One writer per customer at a time, so two runs cannot both claim the same cents.
    const { rows } = await tx.query<{
      plan: string;
      stripe_customer_id: string | null;
      paying: boolean;
    }>(
      `select c.plan, c.stripe_customer_id,
              exists (select 1 from public.subscriptions s
                       where s.customer_id = c.id and s.status in ('active', 'trialing', 'past_due')) as paying
         from public.customers c where c.id = $1 for update`,
      [customerId],
    );
    const customer = rows[0];
    if (!customer) return false;
    const usage = await periodUsage(tx, customerId, period);
    const total = overageCents(overageMicros(planFor(customer.plan), usage));
    const done = await accountedCents(tx, customerId, period);
    const delta = total - done.billedCents - done.coveredCents;
    if (delta <= 0) return false;
    const creditCents = Math.max(
      0,
      Math.floor((await creditMicros(tx, customerId)) / MICROS_PER_CENT),
    );
    const covered = Math.min(delta, creditCents);
    const stripeCustomerId = customer.paying ? customer.stripe_customer_id : null;
    const billed = stripeCustomerId ? delta - covered : 0;
    if (covered + billed === 0) return false;
    await insertReport(tx, {
      customerId,
      period,
      stripeCustomerId: billed > 0 ? stripeCustomerId : null,
      billed,
      covered,
      timestamp: Math.min(unixSeconds(now), unixSeconds(period.end) - 1),
    });
    return true;
  });
}

async function insertReport(
  tx: Tx,
  report: {
    customerId: string;
    period: Period;
    stripeCustomerId: string | null;
    billed: number;
    covered: number;
    timestamp: number;
  },
) {
  const key = periodKey(report.period);
  const { rows } = await tx.query<{ seq: number }>(
    "select coalesce(max(seq), 0) + 1 as seq from public.meter_reports where customer_id = $1 and period = $2",
    [report.customerId, key],
  );
  const seq = rows[0]!.seq;
  const identifier = `mouse-${report.customerId}-${key}-${seq}`;
  await tx.query(
    `insert into public.meter_reports
       (customer_id, period, seq, identifier, stripe_customer_id, billed_cents, covered_cents, event_timestamp, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      report.customerId,
      key,
      seq,
      identifier,
      report.stripeCustomerId,
      report.billed,
      report.covered,
      report.timestamp,
      report.billed > 0 ? "pending" : "covered",
    ],
  );
  if (report.covered > 0) {
    await tx.query(
      `insert into public.credit_ledger (customer_id, kind, amount_micros, reason, idempotency_key)
       values ($1, 'overage', $2, $3, $4)`,
      [
        report.customerId,
        -report.covered * MICROS_PER_CENT,
        `Usage beyond the plan in ${key}, paid from credit`,
        `overage:${identifier}`,
      ],
    );
  }
  await audit(tx, {
    action: "billing.overage_recorded",
    targetType: "meter_report",
    targetId: identifier,
    customerId: report.customerId,
    detail: { period: key, billedCents: report.billed, coveredCents: report.covered },
  });
}

/** Sends every pending report; returns how many Stripe has and how many must wait for the next run. */
export async function sendPendingReports(
  deps: MeterReportingDeps,
): Promise<{ sent: number; failed: number }> {
  const pending = await deps.data.asService("billing: pending meter reports", async (tx) => {
    const { rows } = await tx.query<ReportRow>(
      `select id, customer_id, identifier, stripe_customer_id, billed_cents::text, event_timestamp::text
         from public.meter_reports where status = 'pending' order by created_at, seq limit 1000`,
    );
    return rows;
  });
  let sent = 0;
  let failed = 0;
  for (const report of pending) {
    try {
      await sendReport(deps.stripe, report);
    } catch (error) {
      failed += 1;
      deps.logger?.warn({ err: error, report: report.identifier }, "meter report not sent yet");
      continue;
    }
    await deps.data.asService("billing: meter report sent", (tx) =>
      tx.query(
        "update public.meter_reports set status = 'sent', sent_at = now() where id = $1 and status = 'pending'",
        [report.id],
      ),
    );
    sent += 1;
  }
  return { sent, failed };
}

async function sendReport(stripe: Stripe, report: ReportRow): Promise<void> {
  try {
    await stripe.billing.meterEvents.create(
      {
        event_name: OVERAGE_METER_EVENT,
        identifier: report.identifier,
        timestamp: Number(report.event_timestamp),
        payload: { stripe_customer_id: report.stripe_customer_id, value: report.billed_cents },
      },
      { idempotencyKey: `mouse-meter:${report.identifier}` },
    );
  } catch (error) {
    // Stripe already counted this identifier: an earlier attempt got through.
    if (isDuplicateIdentifier(error)) return;
    throw error;
  }
}

function isDuplicateIdentifier(error: unknown): boolean {
  const e = error as { statusCode?: number; param?: string; message?: string } | null;
  return (
    e?.statusCode === 400 &&
    (e.param === "identifier" || /already exists with identifier/i.test(e.message ?? ""))
  );
}
