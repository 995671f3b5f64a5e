import type Stripe from "stripe";
import type { Data } from "../db/index.ts";
import { BillingError } from "./errors.ts";

export type StripeDeps = { data: Data; stripe: Stripe };

export type BillingCustomer = {
  id: string;
  name: string;
  stripe_customer_id: string | null;
  reseller_id: string | null;
  stripe_account_id: string | null;
  revenue_share_bps: number | null;
};

/** The customer's subscription that currently grants its plan, if any. */
export async function activeSubscriptionId(data: Data, customerId: string): Promise<string | null> {
  return data.asService("billing: active subscription", async (tx) => {
    const { rows } = await tx.query<{ stripe_subscription_id: string }>(
      `select stripe_subscription_id from public.subscriptions
        where customer_id = $1 and status in ('active', 'trialing', 'past_due')
        order by current_period_end desc nulls last limit 1`,
      [customerId],
    );
    return rows[0]?.stripe_subscription_id ?? null;
  });
}

/** The customer as billing needs it; with `userId`, only if that user may manage its billing. */
export async function loadBillingCustomer(
  data: Data,
  customerId: string,
  userId: string | undefined,
): Promise<BillingCustomer> {
  if (userId) {
    const allowed = await data.asUser({ sub: userId }, async (tx) => {
      const { rows } = await tx.query(
        `select 1 from public.customers
          where id = $1 and (id in (select private.managed_customer_ids()) or (select private.is_platform_admin()))`,
        [customerId],
      );
      return rows.length === 1;
    });
    if (!allowed)
      throw new BillingError("You cannot manage billing for this customer", "not_allowed");
  }
  const customer = await data.asService("billing: load customer for checkout", async (tx) => {
    const { rows } = await tx.query<BillingCustomer>(
      `select c.id, c.name, c.stripe_customer_id, c.reseller_id, r.stripe_account_id, r.revenue_share_bps
         from public.customers c left join public.resellers r on r.id = c.reseller_id
        where c.id = $1`,
      [customerId],
    );
    return rows[0];
  });
  if (!customer) throw new BillingError(`No customer ${customerId}`, "unknown_customer");
  return customer;
}

/** The customer's Stripe customer id, creating (once, by idempotency key) and storing it when missing. */
export async function ensureStripeCustomer(
  deps: StripeDeps,
  customer: BillingCustomer,
): Promise<string> {
  if (customer.stripe_customer_id) return customer.stripe_customer_id;
  const created = await deps.stripe.customers.create(
    { name: customer.name, metadata: { mouse_customer_id: customer.id } },
    { idempotencyKey: `mouse-customer:${customer.id}` },
  );
  return deps.data.asService("billing: link stripe customer", async (tx) => {
    // A concurrent checkout may have linked one first; keep whichever is stored.
    const { rows } = await tx.query<{ stripe_customer_id: string }>(
      `update public.customers set stripe_customer_id = coalesce(stripe_customer_id, $2), updated_at = now()
        where id = $1 returning stripe_customer_id`,
      [customer.id, created.id],
    );
    return rows[0]?.stripe_customer_id ?? created.id;
  });
}
