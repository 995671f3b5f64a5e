/**
 * What a reseller earned: its revenue share of every invoice its customers
 * paid in a period (fixed when each was paid), plus their usage, for the
 * reseller's page. Read as the user under RLS, so only the reseller's own
 * staff and platform admins see anything.
 */
import type { Data } from "../db/index.ts";
import { BillingError } from "./errors.ts";
import { type Period, periodKey } from "./period.ts";

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
