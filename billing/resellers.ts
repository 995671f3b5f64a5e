/**
 * What a reseller earned: its revenue share of every invoice its customers
 * paid in a period (fixed when each was paid), plus their usage, for the
 * reseller's page. Read as the user under RLS, so only the reseller's own
 * staff and platform admins see anything.
 */
import type { Data } from "../db/index.ts";
import { BillingError } from "./errors.ts";
import { monthPeriod, type Period, periodKey, previousPeriod } from "./period.ts";

export type ResellerCustomerEarnings = {
  customerId: string;
  name: string;
  plan: string;
  paidMicros: number;
  earnedMicros: number;
  usageMicros: number;
};

export type ResellerEarnings = {
  resellerId: string;
  name: string;
  period: string;
  /** The reseller's current share, basis points; past invoices keep theirs. */
  revenueShareBps: number;
  /** With a Connect account Stripe pays the share out on each invoice; without, it is paid manually. */
  payout: "stripe_connect" | "manual";
  paidMicros: number;
  earnedMicros: number;
  customers: ResellerCustomerEarnings[];
};

/** Earnings of `resellerId` in `period`, as seen by `userId` (its staff or a platform admin). */
export async function resellerEarnings(
  data: Data,
  userId: string,
  resellerId: string,
  period: Period,
): Promise<ResellerEarnings> {
  return data.asUser({ sub: userId }, async (tx) => {
    const reseller = await tx.query<{
      name: string;
      revenue_share_bps: number;
      stripe_account_id: string | null;
    }>("select name, revenue_share_bps, stripe_account_id from public.resellers where id = $1", [
      resellerId,
    ]);
    const row = reseller.rows[0];
    if (!row) throw new BillingError("No such reseller, or not yours to see", "not_allowed");
    const { rows } = await tx.query<{
      id: string;
      name: string;
      plan: string;
      paid: string;
      earned: string;
      usage: string;
    }>(
      `select c.id, c.name, c.plan,
              coalesce((select sum(p.amount_paid_micros) from public.invoice_payments p
                         where p.customer_id = c.id and p.reseller_id = $1
                           and p.paid_at >= $2 and p.paid_at < $3), 0)::text as paid,
              coalesce((select sum(p.reseller_share_micros) from public.invoice_payments p
                         where p.customer_id = c.id and p.reseller_id = $1
                           and p.paid_at >= $2 and p.paid_at < $3), 0)::text as earned,
              coalesce((select sum(u.cost_micros) from public.usage_events u
                         where u.customer_id = c.id
                           and u.occurred_at >= $2 and u.occurred_at < $3), 0)::text as usage
         from public.customers c
        where c.reseller_id = $1
        order by c.name`,
      [resellerId, period.start, period.end],
    );
    const customers = rows.map((r) => ({
      customerId: r.id,
      name: r.name,
      plan: r.plan,
      paidMicros: Number(r.paid),
      earnedMicros: Number(r.earned),
      usageMicros: Number(r.usage),
    }));
    return {
      resellerId,
      name: row.name,
      period: periodKey(period),
      revenueShareBps: row.revenue_share_bps,
      payout: row.stripe_account_id ? "stripe_connect" : "manual",
      paidMicros: customers.reduce((sum, c) => sum + c.paidMicros, 0),
      earnedMicros: customers.reduce((sum, c) => sum + c.earnedMicros, 0),
      customers,
    };
  });
}

export type ResellerMonth = {
  /** `"2026-12"`. */
  period: string;
  paidMicros: number;
  earnedMicros: number;
  invoices: number;
};

/**
 * The reseller's earnings month by month, newest first, over the last `months`
 * months up to the one containing `until`: what its customers' paid invoices
 * came to and the share fixed on each when it was paid. Months without a
 * payment are listed with zeros so the history has no gaps.
 */
export async function resellerEarningsHistory(
  data: Data,
  userId: string,
  resellerId: string,
  { months = 12, until = new Date() }: { months?: number; until?: Date } = {},
): Promise<ResellerMonth[]> {
  const last = monthPeriod(until);
  const first = monthPeriod(
    new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - (months - 1), 1)),
  );
  return data.asUser({ sub: userId }, async (tx) => {
    const seen = await tx.query("select 1 from public.resellers where id = $1", [resellerId]);
    if (!seen.rows[0])
      throw new BillingError("No such reseller, or not yours to see", "not_allowed");
    const { rows } = await tx.query<{
      month: string;
      paid: string;
      earned: string;
      invoices: number;
    }>(
      `select to_char(date_trunc('month', p.paid_at at time zone 'UTC'), 'YYYY-MM') as month,
              sum(p.amount_paid_micros)::text as paid,
              sum(p.reseller_share_micros)::text as earned,
              count(*)::int as invoices
         from public.invoice_payments p
        where p.reseller_id = $1 and p.paid_at >= $2 and p.paid_at < $3
        group by 1`,
      [resellerId, first.start, last.end],
    );
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    const history: ResellerMonth[] = [];
    for (let period = last; period.start >= first.start; period = previousPeriod(period)) {
      const key = periodKey(period);
      const row = byMonth.get(key);
      history.push({
        period: key,
        paidMicros: Number(row?.paid ?? 0),
        earnedMicros: Number(row?.earned ?? 0),
        invoices: row?.invoices ?? 0,
      });
    }
    return history;
  });
}
