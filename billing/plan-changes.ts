/**
 * Changing the plan of a paying customer on its existing subscription, so
 * it is never billed for two: a paid plan swaps the plan's price (Stripe
 * prorates), Free cancels at the end of the paid period. Our plan follows
 * when the `customer.subscription.*` webhook arrives, as for any change.
 */
import { randomUUID } from "node:crypto";
import { activeSubscriptionId, loadBillingCustomer, type StripeDeps } from "./billing-customer.ts";
import { BillingError } from "./errors.ts";
import { PLANS, type PlanId, planForLookupKey } from "./plans.ts";

export type PlanChangeRequest = {
  customerId: string;
  plan: PlanId;
  /** When given, this user must manage the customer's billing. */
  userId?: string;
  /** The same id makes a retried request change nothing more. */
  requestId?: string;
};

/** Moves the customer's subscription to `plan`; Free takes effect at the period's end. */
export async function changePlan(
  deps: StripeDeps,
  request: PlanChangeRequest,
): Promise<{ subscriptionId: string; effective: "now" | "period_end" | "unchanged" }> {
  const target = PLANS[request.plan];
  if (!target) throw new BillingError(`"${request.plan}" is not a plan`, "unknown_plan");
  const customer = await loadBillingCustomer(deps.data, request.customerId, request.userId);
  const subscriptionId = await activeSubscriptionId(deps.data, customer.id);
  if (!subscriptionId) {
    throw new BillingError("No paid plan to change: start one with checkout", "not_subscribed");
  }
  const idempotencyKey = `mouse-plan:${subscriptionId}:${target.id}:${request.requestId ?? randomUUID()}`;
  if (!target.stripeLookupKey) {
    await deps.stripe.subscriptions.update(
      subscriptionId,
      { cancel_at_period_end: true },
      { idempotencyKey },
    );
    return { subscriptionId, effective: "period_end" };
  }
  const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const item = subscription.items.data.find((row) => planForLookupKey(row.price.lookup_key));
  if (!item) throw new BillingError("The subscription has no plan price", "not_configured");
  if (item.price.lookup_key === target.stripeLookupKey && !subscription.cancel_at_period_end) {
    return { subscriptionId, effective: "unchanged" };
  }
  const prices = await deps.stripe.prices.list({
    lookup_keys: [target.stripeLookupKey],
    active: true,
  });
  const price = prices.data[0];
  if (!price)
    throw new BillingError(`Stripe has no price "${target.stripeLookupKey}"`, "not_configured");
  await deps.stripe.subscriptions.update(
    subscriptionId,
    {
      items: [{ id: item.id, price: price.id, quantity: 1 }],
      proration_behavior: "create_prorations",
      cancel_at_period_end: false,
      metadata: { mouse_plan: target.id },
    },
    { idempotencyKey },
  );
  return { subscriptionId, effective: "now" };
}
