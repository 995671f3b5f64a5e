/**
 * Subscription snapshots that arrive before Mouse knows whose they are. A
 * subscription made outside Mouse's Checkout names a Stripe customer nobody is
 * linked to yet; rather than acknowledging and forgetting it (Stripe would
 * never send it again), the newest snapshot per subscription is kept, and
 * applied through `applySubscription` — with its usual ordering rules — in the
 * transaction that links a Mouse customer to that Stripe customer.
 */
import type Stripe from "stripe";
import type { Tx } from "../db/index.ts";
import { applySubscription, idOf, type PlanChange } from "./subscription-sync.ts";

/** Keeps an unlinkable snapshot, unless a newer one of the same subscription is already kept. */
export async function keepPendingSubscription(
  tx: Tx,
  event: { id: string; type: string; created: number },
  subscription: Stripe.Subscription,
): Promise<boolean> {
  const stripeCustomerId = idOf(subscription.customer);
  if (!stripeCustomerId) return false;
  const { rowCount } = await tx.query(
    `insert into public.stripe_pending_subscriptions as p
       (stripe_subscription_id, stripe_customer_id, event_id, event_type, event_created, snapshot)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (stripe_subscription_id) do update set
       stripe_customer_id = excluded.stripe_customer_id, event_id = excluded.event_id,
       event_type = excluded.event_type, event_created = excluded.event_created,
       snapshot = excluded.snapshot, received_at = now()
     where excluded.event_created >= p.event_created`,
    [subscription.id, stripeCustomerId, event.id, event.type, event.created, subscription],
  );
  return rowCount === 1;
}

/**
 * Applies what was kept for a Stripe customer that is now linked, oldest
 * event first, and forgets it. Run in the linking transaction, so a rerun of
 * the link finds nothing left to apply. Returns the plan changes it caused.
 */
export async function applyPendingSubscriptions(
  tx: Tx,
  stripeCustomerId: string,
): Promise<PlanChange[]> {
  const { rows } = await tx.query<{ snapshot: Stripe.Subscription; event_created: string }>(
    `delete from public.stripe_pending_subscriptions where stripe_customer_id = $1
     returning snapshot, event_created`,
    [stripeCustomerId],
  );
  const changes: PlanChange[] = [];
  for (const row of rows.sort((a, b) => Number(a.event_created) - Number(b.event_created))) {
    const result = await applySubscription(tx, row.snapshot, Number(row.event_created));
    if (result.planChange) changes.push(result.planChange);
  }
  return changes;
}
