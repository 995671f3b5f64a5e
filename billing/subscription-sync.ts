/**
 * Keeps our `subscriptions` rows and each customer's plan in step with
 * Stripe, whatever order events arrive in. An event changes a row only if it
 * is at least as new as the state already applied: by its `created` second,
 * then by lifecycle stage (a canceled subscription never comes back to
 * active from an older event), then by billing period. The customer's plan
 * is derived from all its rows, never from the event at hand.
 */
import type Stripe from "stripe";
import type { Tx } from "../db/index.ts";
import { planFor, planForLookupKey } from "./plans.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses in which a subscription still grants its plan (past_due: while Stripe retries the card). */
const GRANTING = ["active", "trialing", "past_due"];

/** Which states an invoice outcome moves a subscription out of, and into. */
const INVOICE_TRANSITIONS = {
  paid: { to: "active", from: ["past_due", "unpaid", "incomplete"] },
  failed: { to: "past_due", from: ["active", "trialing"] },
} as const;

export type PlanChange = { customerId: string; from: string; to: string };

/** The id of an expandable Stripe field. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** Our customer for a Stripe object: its metadata, else the linked Stripe customer. */
export async function resolveCustomerId(
  tx: Tx,
  candidate: string | null | undefined,
  stripeCustomerId: string | null,
): Promise<string | null> {
  if (candidate && UUID.test(candidate)) {
    const { rows } = await tx.query("select id from public.customers where id = $1", [candidate]);
    if (rows[0]) return candidate;
  }
  if (!stripeCustomerId) return null;
  const { rows } = await tx.query<{ id: string }>(
    "select id from public.customers where stripe_customer_id = $1",
    [stripeCustomerId],
  );
  return rows[0]?.id ?? null;
}

/**
 * Applies a subscription snapshot from an event created at `eventCreated`
 * (unix seconds). Returns the customer, whether the row changed, and the
 * plan change it caused, if any.
 */
export async function applySubscription(
  tx: Tx,
  subscription: Stripe.Subscription,
  eventCreated: number,
): Promise<{ customerId: string | null; applied: boolean; planChange?: PlanChange }> {
  const stripeCustomerId = idOf(subscription.customer);
  const customerId = await resolveCustomerId(
    tx,
    subscription.metadata?.mouse_customer_id,
    stripeCustomerId,
  );
  const plan =
    subscription.items.data.map((item) => planForLookupKey(item.price.lookup_key)).find(Boolean)
      ?.id ?? subscription.metadata?.mouse_plan;
  if (!customerId || !plan || planFor(plan).id !== plan) return { customerId, applied: false };
  const item = subscription.items.data[0];
  const { rowCount } = await tx.query(
    `insert into public.subscriptions as s
       (customer_id, stripe_subscription_id, stripe_customer_id, plan, status,
        current_period_start, current_period_end, cancel_at_period_end, stripe_event_created, updated_at)
     values ($1, $2, $3, $4, $5, to_timestamp($6), to_timestamp($7), $8, $9, now())
     on conflict (stripe_subscription_id) do update set
       plan = excluded.plan, status = excluded.status,
       current_period_start = excluded.current_period_start,
       current_period_end = excluded.current_period_end,
       cancel_at_period_end = excluded.cancel_at_period_end,
       stripe_event_created = excluded.stripe_event_created, updated_at = now()
     where (excluded.stripe_event_created, private.subscription_status_rank(excluded.status),
            coalesce(excluded.current_period_end, '-infinity'))
        >= (s.stripe_event_created, private.subscription_status_rank(s.status),
            coalesce(s.current_period_end, '-infinity'))`,
    [
      customerId,
      subscription.id,
      stripeCustomerId,
      plan,
      subscription.status,
      item?.current_period_start ?? null,
      item?.current_period_end ?? null,
      subscription.cancel_at_period_end,
      eventCreated,
    ],
  );
  const planChange = await recomputePlan(tx, customerId);
  return { customerId, applied: rowCount === 1, ...(planChange ? { planChange } : {}) };
}

/**
 * What an invoice outcome says about its subscription: paid brings a
 * past-due one back to active, a failed payment makes an active one past due,
 * each only if no newer state was applied already.
 */
export async function applyInvoiceOutcome(
  tx: Tx,
  subscriptionId: string,
  outcome: "paid" | "failed",
  eventCreated: number,
): Promise<{ customerId: string | null; planChange?: PlanChange }> {
  const { to, from } = INVOICE_TRANSITIONS[outcome];
  await tx.query(
    `update public.subscriptions set status = $2, stripe_event_created = $4, updated_at = now()
      where stripe_subscription_id = $1 and stripe_event_created <= $4 and status = any($3)`,
    [subscriptionId, to, from, eventCreated],
  );
  const { rows } = await tx.query<{ customer_id: string }>(
    "select customer_id from public.subscriptions where stripe_subscription_id = $1",
    [subscriptionId],
  );
  const customerId = rows[0]?.customer_id ?? null;
  if (!customerId) return { customerId };
  const planChange = await recomputePlan(tx, customerId);
  return { customerId, ...(planChange ? { planChange } : {}) };
}

/** Sets the customer's plan from its subscriptions: the newest granting one, else free. */
export async function recomputePlan(tx: Tx, customerId: string): Promise<PlanChange | undefined> {
  const { rows } = await tx.query<{ current: string; target: string }>(
    `select c.plan as current,
            coalesce((select s.plan from public.subscriptions s
                       where s.customer_id = c.id and s.status = any($2)
                       order by s.current_period_end desc nulls last, s.updated_at desc
                       limit 1), 'free') as target
       from public.customers c where c.id = $1 for update of c`,
    [customerId, GRANTING],
  );
  const row = rows[0];
  if (!row || row.current === row.target) return undefined;
  await tx.query("update public.customers set plan = $2, updated_at = now() where id = $1", [
    customerId,
    row.target,
  ]);
  return { customerId, from: row.current, to: row.target };
}
